import { configOrExit, onShutdown } from "./run.js";
import { buildCoreDeps } from "./deps.js";
import { createJobHandlers, hasDrift } from "./job-wiring.js";
import { BullJobQueue, startBullWorker } from "../jobs/bullmq-queue.js";
import { createIndexEvents } from "../adapters/redis/index-events.js";

/**
 * The worker's composition root (scaled mode): the same job handlers as embedded mode, fed by BullMQ.
 * Before each write it catches up with what other workers wrote; after it, it records the write in the
 * shared change log and announces it (the whole index is saved only now and then; see change-log.ts).
 */
const config = configOrExit();
if (!config.REDIS_URL) {
  process.stderr.write("helpdesk-copilot worker: REDIS_URL is required (embedded mode runs jobs inside the API process)\n");
  process.exit(1);
}
const core = await buildCoreDeps(config);
const outcome = await core.holder.load();
// Writes recorded since the saved version was written (a worker stopped before its next save).
await core.holder.catchUp();
const events = createIndexEvents(config.REDIS_URL, config.REDIS_PREFIX);
core.holder.onAnnounce((position) => void events.publish(position).catch((error: unknown) => core.logger.error({ err: error }, "index announcement failed")));

const handlers = createJobHandlers(core, {
  beforeWrite: async () => void (await core.holder.catchUp()),
  afterWrite: async (writes) => {
    if (writes.some((write) => write.wholeStore)) core.holder.markInLineWithStore();
    for (const write of writes) await core.holder.record(write.kind, write.ids);
  },
});
const worker = await startBullWorker(config.REDIS_URL, config.REDIS_PREFIX, handlers, core.logger, { lockMs: config.JOB_LOCK_MS });
const producer = new BullJobQueue(config.REDIS_URL, config.REDIS_PREFIX);
if (outcome !== "loaded" || hasDrift(core)) await producer.enqueue("reconcile", { reason: `worker start-up: index ${outcome}` }, 0);
core.logger.info({ outcome }, "worker ready");

onShutdown(async () => {
  await worker.close();
  await producer.close();
  await core.holder.flush();
  await events.close();
  await core.embedder.close();
  await core.store.close();
}, (message) => core.logger.info(message));
