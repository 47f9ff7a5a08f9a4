import type { JobHandler } from "../catalog.js";
import { syncItems, type IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";

/** Parses nothing itself (the runner validated the payload): syncs the named items into the index. */
export const createIndexJob =
  (deps: IndexingDeps & IndexWriteHooks): JobHandler<"index"> =>
  async (payload, context) => {
    await deps.beforeWrite();
    try {
      await syncItems(deps, payload.kind, payload.ids, (done, total) => context.reportProgress(done, total));
    } finally {
      await deps.afterWrite();
    }
  };
