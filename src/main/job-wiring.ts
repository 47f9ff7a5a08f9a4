import type { CoreDeps } from "./deps.js";
import type { JobHandlers } from "../jobs/catalog.js";
import type { IndexWriteHooks } from "../jobs/handlers/write-hooks.js";
import { createIndexJob } from "../jobs/handlers/index.job.js";
import { createReconcileJob } from "../jobs/handlers/reconcile.job.js";
import { createRecalibrateJob } from "../jobs/handlers/recalibrate.job.js";
import { findDrift } from "../ingest/index-items.js";
import { createGapRunJob } from "../jobs/handlers/gap-run.job.js";
import { GapStore } from "../gaps/gap-store.js";
import { createWebhookDispatcher } from "../gaps/webhooks.js";
import { createAnswerabilityProbe } from "../answers/answerability.js";

/** The one place that maps job names to handlers; both processes use it, so none can lack one. */
export function createJobHandlers(core: CoreDeps, hooks: IndexWriteHooks): JobHandlers {
  const deps = { ...core.indexing, ...hooks, answerTargetError: core.config.ANSWER_TARGET_ERROR };
  return {
    index: createIndexJob(deps),
    reconcile: createReconcileJob(deps),
    recalibrate: createRecalibrateJob(deps),
    "gap-run": createGapRunJob(gapRunDeps(core, hooks)),
  };
}

/**
 * Gap runs read the index (refreshed first, as a writer would), ask the instant-answer policy how
 * likely its best article answers a topic's questions, and send webhooks from the outbox.
 */
function gapRunDeps(core: CoreDeps, hooks: IndexWriteHooks) {
  const url = core.config.GAP_WEBHOOK_URL;
  const webhooks = url ? createWebhookDispatcher(new GapStore(core.store.kv), { url, secret: core.config.GAP_WEBHOOK_SECRET, logger: core.logger }) : undefined;
  // Events a crash left in the outbox go out now rather than after the next run.
  void webhooks?.drain();
  const answerability = createAnswerabilityProbe({ store: core.store, holder: core.holder, embedder: core.embedder });
  return { ...core.indexing, logger: core.logger, refreshIndex: hooks.beforeWrite, answerability, ...(webhooks ? { webhooks } : {}) };
}

/** Whether the index misses anything the store holds (after a crash, a model change or a corrupt file). */
export function hasDrift(core: CoreDeps): boolean {
  return findDrift(core.store, core.holder.current, "article").length + findDrift(core.store, core.holder.current, "ticket").length > 0;
}
