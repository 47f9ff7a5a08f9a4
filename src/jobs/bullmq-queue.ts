import { Queue, Worker, UnrecoverableError, type Job } from "bullmq";
import { Redis } from "ioredis";
import { hostname } from "node:os";
import { newId } from "../shared/ids.js";
import type { Logger } from "../shared/logger.js";
import { unavailable } from "../shared/app-error.js";
import { jobCatalog, PermanentJobError, type JobHandlers, type JobName, type JobPayload, type JobQueue, type JobState, type JobStatus } from "./catalog.js";

export const QUEUE_NAME = "helpdesk-copilot";

const stateOf = (bullState: string): JobState => {
  if (bullState === "active") return "running";
  if (bullState === "completed") return "completed";
  if (bullState === "failed") return "failed";
  return "queued"; // waiting, delayed (a retry backing off), prioritized, waiting-children
};

/**
 * Scaled mode's producer: the API adds jobs to Redis and reads their state back. Its connection fails
 * fast (no offline queue) so a Redis outage becomes a 503 instead of a hung request.
 */
export class BullJobQueue implements JobQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.connection.on("error", () => undefined); // surfaced through isReady() and failed calls
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix });
    this.queue.on("error", () => undefined);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, total: number): Promise<string> {
    const definition = jobCatalog[name];
    const id = newId();
    await this.reach(() => this.queue.add(name, { payload: definition.payload.parse(payload), total }, {
      jobId: id,
      attempts: definition.attempts,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    }));
    return id;
  }

  async get(jobId: string): Promise<JobStatus | undefined> {
    const job = await this.reach(() => this.queue.getJob(jobId));
    if (!job) return undefined;
    const state = stateOf(await this.reach(() => job.getState()));
    const progress = (typeof job.progress === "object" ? job.progress : undefined) as { done: number; total: number } | undefined;
    return {
      id: jobId,
      name: job.name as JobName,
      state,
      progress: progress ?? { done: state === "completed" ? job.data.total : 0, total: job.data.total as number },
      ...(job.failedReason ? { error: job.failedReason } : {}),
      createdAt: new Date(job.timestamp).toISOString(),
      ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    };
  }

  async depth(): Promise<number> {
    const counts = await this.reach(() => this.queue.getJobCounts("waiting", "active", "delayed", "prioritized"));
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  /** A call that failed because Redis is away becomes a 503 (AppError "unavailable"); other failures stay as they are. */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const lostConnection = /connection is closed|enableOfflineQueue|max retries per request|ECONNREFUSED|ECONNRESET|ETIMEDOUT/i.test((error as Error).message ?? "");
      if (lostConnection || this.connection.status !== "ready") throw unavailable("the job queue (Redis) is unreachable; retry shortly");
      throw error;
    }
  }

  async isReady(): Promise<boolean> {
    if (this.connection.status !== "ready") return false;
    try {
      return (await this.connection.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

/** The next few waiting jobs are enough to tell a burst from a lone job. */
async function waitingByName(queue: Queue, name: string): Promise<boolean> {
  return (await queue.getWaiting(0, 20)).some((waiting) => waiting.name === name);
}

/**
 * Scaled mode's consumer (`npm run worker`). Global concurrency 1 keeps a single index writer across
 * all worker processes; more workers give fail-over, and a killed worker's job is retried by BullMQ.
 */
export async function startBullWorker(
  redisUrl: string,
  prefix: string,
  handlers: JobHandlers,
  logger: Logger,
  { lockMs = 120_000 }: { lockMs?: number } = {},
): Promise<{ close(): Promise<void> }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  await queue.setGlobalConcurrency(1);
  // A Redis that restarts without its data forgets the limit; set it again whenever the connection returns.
  connection.on("ready", () => void queue.setGlobalConcurrency(1).catch(() => undefined));
  const producer = new BullJobQueue(redisUrl, prefix);
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const name = job.name as JobName;
      const definition = jobCatalog[name];
      if (!definition) throw new UnrecoverableError(`no handler for job ${job.name}`);
      const parsed = definition.payload.safeParse(job.data.payload);
      if (!parsed.success) throw new UnrecoverableError(`bad payload for ${job.name}: ${parsed.error.message}`);
      const handler = handlers[name] as (p: unknown, c: Parameters<JobHandlers[JobName]>[1]) => Promise<void>;
      try {
        await handler(parsed.data, {
          jobId: job.id!,
          reportProgress: (done, total) => job.updateProgress({ done, total }),
          moreQueued: async () => waitingByName(queue, job.name),
          followUp: async (followName, payload) => {
            if (!(await waitingByName(queue, followName))) await producer.enqueue(followName, payload, 0);
          },
        });
      } catch (error) {
        if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    // A killed worker's lock expires after lockMs and the stalled-job check hands its job to another worker.
    // The name is recorded on each job (processedBy), so operators can see which process ran it.
    { connection, prefix, concurrency: 1, lockDuration: lockMs, stalledInterval: Math.min(30_000, lockMs), name: `${hostname()}:${process.pid}` },
  );
  worker.on("failed", (job, error) => logger.error({ jobId: job?.id, job: job?.name, err: error.message }, "job failed"));
  worker.on("error", (error) => logger.error({ err: error.message }, "worker error"));
  return {
    async close() {
      await worker.close();
      await producer.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
