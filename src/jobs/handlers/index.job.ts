import type { JobHandler } from "../catalog.js";
import { syncItems, type IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";
import { recalibrateIfStale } from "../../answers/recalibrate.js";

/**
 * Syncs the named items into the index (the runner validated the payload); after tickets, refits
 * answer confidence if history changed enough. A bulk import arrives as several jobs in a row: the fit
 * (every sampled ticket asked as a question) waits for the last of them instead of holding up each
 * batch behind it; whichever index job ends the run does it.
 */
export const createIndexJob = (deps: IndexingDeps & IndexWriteHooks & { answerTargetError: number }): JobHandler<"index"> => {
  let refitDeferred = false;
  return async (payload, context) => {
    await deps.beforeWrite();
    try {
      await syncItems(deps, payload.kind, payload.ids, (done, total) => context.reportProgress(done, total), context.signal);
      if (payload.kind === "ticket" || refitDeferred) {
        refitDeferred = (await context.moreQueued?.()) ?? false;
        if (!refitDeferred) await recalibrateIfStale({ store: deps.store, index: deps.index(), embedder: deps.embedder }, deps.answerTargetError);
      }
    } finally {
      await deps.afterWrite();
    }
  };
};
