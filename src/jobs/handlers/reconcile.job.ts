import type { JobHandler } from "../catalog.js";
import { findDrift, syncItems, type IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";

/**
 * Re-indexes whatever differs between the store and the index: items acknowledged just before a
 * crash, an index rebuilt after a model change or a corrupt file, or deletes that never reached it.
 */
export const createReconcileJob =
  (deps: IndexingDeps & IndexWriteHooks): JobHandler<"reconcile"> =>
  async (_payload, context) => {
    await deps.beforeWrite();
    let articles: string[] = [];
    let tickets: string[] = [];
    let finished = false;
    try {
      articles = findDrift(deps.store, deps.index(), "article");
      tickets = findDrift(deps.store, deps.index(), "ticket");
      const total = articles.length + tickets.length;
      await context.reportProgress(0, total);
      await syncItems(deps, "article", articles, (done) => context.reportProgress(done, total), context.signal);
      await syncItems(deps, "ticket", tickets, (done) => context.reportProgress(articles.length + done, total), context.signal);
      finished = true;
    } finally {
      await deps.afterWrite([
        { kind: "article", ids: articles, wholeStore: finished },
        { kind: "ticket", ids: tickets, wholeStore: finished },
      ]);
    }
    // A rebuilt index (new model) or recovered tickets may need a new fit; the job finds out.
    await context.followUp?.("recalibrate", { reason: "index reconciled" });
  };
