import type { JobHandler } from "../catalog.js";
import { syncItems, type IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";

/**
 * Syncs the named items into the index (the runner validated the payload). New tickets, and new
 * articles (the ones solved tickets link may only now exist), may change what answer confidence should
 * be fitted on; the refit is its own job, queued once the last index job of a burst (a bulk import in
 * several requests) is done, so the items are searchable and their job reported complete without
 * waiting for it, and a failed fit never re-runs the indexing. The refit job itself decides, from
 * counts in the index, whether history or the help centre changed enough to fit again.
 */
export const createIndexJob = (deps: IndexingDeps & IndexWriteHooks): JobHandler<"index"> => {
  return async (payload, context) => {
    await deps.beforeWrite();
    try {
      await syncItems(deps, payload.kind, payload.ids, (done, total) => context.reportProgress(done, total), context.signal);
    } finally {
      await deps.afterWrite([{ kind: payload.kind, ids: payload.ids }]);
    }
    if (!((await context.moreQueued?.()) ?? false)) await context.followUp?.("recalibrate", { reason: `${payload.kind}s indexed` });
  };
};
