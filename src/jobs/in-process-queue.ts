import { newId } from "../shared/ids.js";
import type { Database } from "lmdb";
import type { Logger } from "../shared/logger.js";
import { jobCatalog, JobInterrupted, PermanentJobError, type JobHandlers, type JobName, type JobPayload, type JobQueue, type JobStatus } from "./catalog.js";

interface StoredJob extends JobStatus {
  payload: unknown;
  attempt: number;
}

const KEY = (id: string) => `job:${id}`;
const KEEP_FINISHED_MS = 7 * 24 * 3600 * 1000;

/**
 * Embedded mode's queue: jobs are written to the store before the API answers 202 and run one at a time
 * in this process (the index has one writer). Jobs found queued or running at start-up ran when the
 * process died; they run again, which is safe because handlers are idempotent.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly pending: string[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private handlers: JobHandlers | undefined;
  private readonly shutdown = new AbortController();

  constructor(
    private readonly db: Database<unknown, string>,
    private readonly logger: Logger,
    private readonly retryDelayMs = 1000,
  ) {}

  start(handlers: JobHandlers): void {
    this.handlers = handlers;
    const unfinished: StoredJob[] = [];
    for (const { value } of this.db.getRange({ start: "job:", end: "job;" })) {
      const job = value as StoredJob;
      if (job.state === "queued" || job.state === "running") unfinished.push(job);
      else if (job.finishedAt && Date.now() - Date.parse(job.finishedAt) > KEEP_FINISHED_MS) void this.db.remove(KEY(job.id));
    }
    // ulids sort by creation time, so replaying in key order keeps the original order of writes.
    // Jobs enqueued before start() are in both lists.
    for (const job of unfinished) if (!this.pending.includes(job.id)) this.pending.push(job.id);
    if (unfinished.length > 0) this.logger.info({ jobs: unfinished.length }, "resuming jobs left unfinished by the last run");
    this.pump();
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, total: number): Promise<string> {
    const parsed = jobCatalog[name].payload.parse(payload);
    const id = newId();
    const job: StoredJob = { id, name, state: "queued", progress: { done: 0, total }, createdAt: new Date().toISOString(), payload: parsed, attempt: 0 };
    await this.db.put(KEY(id), job);
    this.pending.push(id);
    this.pump();
    return id;
  }

  async get(jobId: string): Promise<JobStatus | undefined> {
    const job = this.db.get(KEY(jobId)) as StoredJob | undefined;
    if (!job) return undefined;
    const { payload: _payload, attempt: _attempt, ...status } = job;
    return status;
  }

  async isReady(): Promise<boolean> {
    return !this.closed;
  }

  /** Resolves when every queued job has run (used by start-up seeding and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking jobs and asks the running one to stop after its current step, then waits for it. */
  async close(): Promise<void> {
    this.closed = true;
    this.shutdown.abort();
    await this.running;
  }

  /** Whether a job of this name waits to run (not counting `except`, the one asking). */
  private hasQueued(name: JobName, except: string): boolean {
    return this.pending.some((other) => {
      const waiting = other === except ? undefined : (this.db.get(KEY(other)) as StoredJob | undefined);
      return waiting?.state === "queued" && waiting.name === name;
    });
  }

  async depth(): Promise<number> {
    return this.pending.length + (this.running ? 1 : 0);
  }

  private pump(): void {
    if (this.running || this.closed || !this.handlers) return;
    const next = this.pending.shift();
    if (!next) return;
    this.running = this.run(next).finally(() => {
      this.running = undefined;
      this.pump();
    });
  }

  private async run(id: string): Promise<void> {
    const job = this.db.get(KEY(id)) as StoredJob | undefined;
    if (!job || job.state === "completed" || job.state === "failed") return;
    const update = (patch: Partial<StoredJob>) => this.db.put(KEY(id), Object.assign(job, patch));
    await update({ state: "running", attempt: job.attempt + 1 });
    const definition = jobCatalog[job.name];
    try {
      const payload = definition.payload.parse(job.payload);
      const handler = this.handlers![job.name] as (p: typeof payload, c: Parameters<JobHandlers[JobName]>[1]) => Promise<void>;
      await handler(payload, {
        jobId: id,
        signal: this.shutdown.signal,
        reportProgress: (done, total) => update({ progress: { done, total } }).then(() => undefined),
        moreQueued: async () => this.hasQueued(job.name, id),
        followUp: async (name, payload) => {
          if (!this.hasQueued(name, id)) await this.enqueue(name, payload, 0);
        },
      });
      await update({ state: "completed", finishedAt: new Date().toISOString() });
    } catch (error) {
      if (error instanceof JobInterrupted) {
        // Not a failure: the attempt is given back and the job runs again at the next start.
        await update({ state: "queued", attempt: job.attempt - 1 });
        return;
      }
      const message = (error as Error).message;
      const permanent = error instanceof PermanentJobError || job.attempt >= definition.attempts;
      this.logger.error({ jobId: id, job: job.name, attempt: job.attempt, err: message }, permanent ? "job failed" : "job failed, will retry");
      if (permanent) {
        await update({ state: "failed", error: message, finishedAt: new Date().toISOString() });
      } else {
        await update({ state: "queued", error: message });
        // Backoff grows with each attempt; the job stays durable meanwhile.
        setTimeout(() => {
          this.pending.push(id);
          this.pump();
        }, this.retryDelayMs * 2 ** (job.attempt - 1)).unref();
      }
    }
  }
}
