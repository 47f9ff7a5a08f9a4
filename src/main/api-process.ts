import type { Server } from "node:http";
import { Redis } from "ioredis";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import type { Config } from "../config/env.js";
import { buildCoreDeps, type CoreDeps, type DepsOverrides } from "./deps.js";
import { createJobHandlers, hasDrift } from "./job-wiring.js";
import { InProcessJobQueue } from "../jobs/in-process-queue.js";
import { BullJobQueue } from "../jobs/bullmq-queue.js";
import type { JobQueue } from "../jobs/catalog.js";
import { createIndexEvents, type IndexEvents } from "../adapters/redis/index-events.js";
import { buildServices, type Services } from "./services.js";
import { createApp } from "../http/app.js";
import { answerClientError } from "../http/error-handler.js";

export interface ApiProcess {
  core: CoreDeps;
  services: Services;
  jobs: JobQueue;
  mode: "embedded" | "scaled";
  url: string;
  /** Embedded mode only: resolves when queued jobs have run. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API's composition root. Embedded mode (no REDIS_URL) runs jobs in this process; scaled mode
 * enqueues them on BullMQ and reloads the index whenever a worker announces a new version.
 */
export async function startApiProcess(config: Config, overrides: DepsOverrides = {}): Promise<ApiProcess> {
  const core = await buildCoreDeps(config, overrides);
  const outcome = await core.holder.load();
  let jobs: JobQueue;
  let events: IndexEvents | undefined;
  let inProcess: InProcessJobQueue | undefined;
  let catchUpTimer: NodeJS.Timeout | undefined;

  if (config.REDIS_URL) {
    jobs = new BullJobQueue(config.REDIS_URL, config.REDIS_PREFIX);
    events = createIndexEvents(config.REDIS_URL, config.REDIS_PREFIX);
    const catchUp = () => void core.holder.catchUp().catch((error: unknown) => core.logger.error({ err: error }, "index catch-up failed"));
    await events.subscribe(catchUp);
    // Writes may have landed between our load and the subscription.
    await core.holder.catchUp();
    // Pub/sub delivers at most once: a message sent while the subscriber reconnects is gone. The log
    // is not, so a periodic check bounds how stale a replica can get.
    catchUpTimer = setInterval(catchUp, config.INDEX_CATCH_UP_INTERVAL_MS);
    catchUpTimer.unref();
  } else {
    inProcess = new InProcessJobQueue(core.store.kv, core.logger);
    jobs = inProcess;
    inProcess.start(createJobHandlers(core, { beforeWrite: async () => undefined, afterWrite: async () => core.holder.changed() }));
    if (outcome !== "loaded" || hasDrift(core)) await jobs.enqueue("reconcile", { reason: `start-up: index ${outcome}` }, 0);
  }

  const services = buildServices(core, jobs);
  const rateLimitRedis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  rateLimitRedis?.on("error", () => undefined); // a Redis outage lets requests through uncounted
  // Counting starts with the first request (Redis answered the subscription above, so this is quick).
  if (rateLimitRedis) await Promise.race([once(rateLimitRedis, "ready"), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  const app = createApp({ core, jobs, services, redis: rateLimitRedis });
  const host = config.HOST ?? (config.API_KEYS && config.API_KEYS.length > 0 ? "0.0.0.0" : "127.0.0.1");
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.PORT, host, () => resolve(listening));
  });
  server.on("clientError", answerClientError);
  // Idle keep-alive connections outlive common client and proxy pools (60 s), so a client never reuses
  // a socket the server is closing at that moment (which it sees as ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { port } = server.address() as AddressInfo;
  const mode = config.REDIS_URL ? "scaled" : "embedded";
  core.logger.info({ host, port, mode, auth: (config.API_KEYS?.length ?? 0) > 0 }, "api listening");
  if (!config.API_KEYS?.length) core.logger.warn("no API_KEYS configured: auth is off, so the service listens on loopback only unless HOST is set");

  return {
    core,
    services,
    jobs,
    mode,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    idle: async () => inProcess?.idle(),
    async close() {
      // Stop taking requests and let in-flight ones finish, then the current job step, then save.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await jobs.close();
      clearInterval(catchUpTimer);
      await events?.close();
      rateLimitRedis?.disconnect();
      if (!config.REDIS_URL) await core.holder.flush();
      await core.embedder.close();
      await core.store.close();
    },
  };
}
