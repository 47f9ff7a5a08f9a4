import type { CoreDeps } from "./deps.js";
import type { JobHandlers } from "../jobs/catalog.js";
import type { IndexWriteHooks } from "../jobs/handlers/write-hooks.js";
import { createIndexJob } from "../jobs/handlers/index.job.js";
import { createReconcileJob } from "../jobs/handlers/reconcile.job.js";
import { findDrift } from "../ingest/index-items.js";

/** The one place that maps job names to handlers; both processes use it, so none can lack one. */
export function createJobHandlers(core: CoreDeps, hooks: IndexWriteHooks): JobHandlers {
  const deps = { ...core.indexing, ...hooks };
  return { index: createIndexJob(deps), reconcile: createReconcileJob(deps) };
}

/** Whether the index misses anything the store holds (after a crash, a model change or a corrupt file). */
export function hasDrift(core: CoreDeps): boolean {
  return findDrift(core.store, core.holder.current, "article").length + findDrift(core.store, core.holder.current, "ticket").length > 0;
}
