import { JobInterrupted, type JobHandler } from "../catalog.js";
import { runGapAnalysis, type GapDeps } from "../../gaps/analyze.js";
import { GapStore } from "../../gaps/gap-store.js";
import type { WebhookDispatcher } from "../../gaps/webhooks.js";

export interface GapRunJobDeps extends GapDeps {
  /** Picks up the newest index another process saved (workers), so coverage sees new articles. */
  refreshIndex(): Promise<void>;
  webhooks?: WebhookDispatcher;
}

/** Runs the gap analysis for the run named in the payload, then hands webhook delivery off (never awaited). */
export const createGapRunJob =
  (deps: GapRunJobDeps): JobHandler<"gap-run"> =>
  async ({ runId, ...request }, context) => {
    const runs = new GapStore(deps.store.kv);
    const run = runs.getRun(runId);
    if (run) await runs.putRun({ ...run, state: "running" });
    try {
      await deps.refreshIndex();
      await runGapAnalysis({ ...deps, emitEvents: Boolean(deps.webhooks) }, runId, request, (done, total) => context.reportProgress(done, total), context.signal);
    } catch (error) {
      if (context.signal?.aborted) {
        if (run) await runs.putRun({ ...run, state: "queued" });
        throw new JobInterrupted();
      }
      if (run) await runs.putRun({ ...run, state: "failed", error: (error as Error).message });
      throw error;
    }
    void deps.webhooks?.drain();
  };
