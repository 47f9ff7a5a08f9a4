import type { JobHandler } from "../catalog.js";
import { syncItems, type IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";

/**
 * Syncs the named items into the index (the runner validated the payload). New tickets may change
 * what answer confidence should be fitted on; the refit is its own job, queued once the last index job
 * of a burst (a bulk import in several requests) is done, so the tickets are searchable and their
 * job reported complete without waiting for it, and a failed fit never re-runs the indexing.
 */
export const createIndexJob = (deps: IndexingDeps & IndexWriteHooks): JobHandler<"index"> => {
  // Tickets indexed while more index jobs waited: whichever index job ends the burst (tickets or
  // articles) queues the refit.
  let refitDeferred = false;
  return async (payload, context) => {
    await deps.beforeWrite();
    try {
      await syncItems(deps, payload.kind, payload.ids, (done, total) => context.reportProgress(done, total), context.signal);
    } finally {
      await deps.afterWrite([{ kind: payload.kind, ids: payload.ids }]);
    }
    if (payload.kind === "ticket" || refitDeferred) {
      refitDeferred = (await context.moreQueued?.()) ?? false;
      if (!refitDeferred) await context.followUp?.("recalibrate", { reason: "tickets indexed" });
    }
  };
};
