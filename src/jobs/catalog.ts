import { z } from "zod";

/**
 * Every job the service runs: its payload schema (checked by producer and consumer alike) and retry
 * policy. Payloads carry ids, never ticket text, so no customer data sits in Redis.
 */
export const jobCatalog = {
  index: {
    payload: z.object({ kind: z.enum(["article", "ticket"]), ids: z.array(z.string().min(1)).min(1) }),
    attempts: 5,
  },
  reconcile: {
    payload: z.object({ reason: z.string() }),
    attempts: 3,
  },
  /** Refits answer confidence on the solved-ticket history, once indexing has caught up. */
  recalibrate: {
    payload: z.object({ reason: z.string() }),
    attempts: 3,
  },
  "gap-run": {
    payload: z.object({
      runId: z.string().regex(/^[\w-]{1,100}$/),
      since: z.string().datetime({ offset: true }).optional(),
      until: z.string().datetime({ offset: true }).optional(),
      minTickets: z.number().int().min(2).optional(),
    }),
    attempts: 2,
  },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]["payload"]>;

export type JobState = "queued" | "running" | "completed" | "failed";

export interface JobStatus {
  id: string;
  name: JobName;
  state: JobState;
  progress: { done: number; total: number };
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface JobContext {
  jobId: string;
  reportProgress(done: number, total: number): Promise<void>;
  /** Aborted on shutdown: handlers stop after the current step and the job runs again at the next start. */
  signal?: AbortSignal;
  /**
   * Whether more jobs of this name wait behind this one (a bulk import in several requests): work that
   * only the last of them needs to do, such as refitting on the new history, can wait for it.
   */
  moreQueued?(): Promise<boolean>;
  /**
   * Queues work that should follow this job, unless a job of that name is already waiting (it will see
   * this job's changes too, so a burst of imports leads to one follow-up, not one each).
   */
  followUp?<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void>;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, context: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** What the API uses to hand work off and to report on it; embedded and BullMQ runners both provide it. */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, total: number): Promise<string>;
  get(jobId: string): Promise<JobStatus | undefined>;
  /** Jobs waiting or running (the queue's depth), for the metrics endpoint. */
  depth?(): Promise<number>;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/** Input that can never succeed: not retried. */
export class PermanentJobError extends Error {}

/** A handler stopped between steps because the process is shutting down; the job is not failed. */
export class JobInterrupted extends Error {
  constructor() {
    super("interrupted by shutdown; the job resumes at the next start");
  }
}
