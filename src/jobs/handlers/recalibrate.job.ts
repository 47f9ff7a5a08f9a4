import type { JobHandler } from "../catalog.js";
import type { IndexingDeps } from "../../ingest/index-items.js";
import type { IndexWriteHooks } from "./write-hooks.js";
import { recalibrateIfStale } from "../../answers/recalibrate.js";

/**
 * Refits answer confidence when the solved-ticket history changed enough. It only reads the index, but
 * takes the writer's turn like any job (one at a time), so it sees the latest index version.
 */
export const createRecalibrateJob =
  (deps: IndexingDeps & Pick<IndexWriteHooks, "beforeWrite"> & { answerTargetError: number }): JobHandler<"recalibrate"> =>
  async () => {
    await deps.beforeWrite();
    await recalibrateIfStale({ store: deps.store, index: deps.index(), embedder: deps.embedder }, deps.answerTargetError);
  };
