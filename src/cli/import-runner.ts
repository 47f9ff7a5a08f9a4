import type { Article, KnowledgeKind, Ticket } from "../ingest/knowledge.schema.js";
import { ApiClient, ApiError, sleep as realSleep, type FetchLike, type Job } from "./api-client.js";

export type Phase = "upload" | "process";

/** Where the runner reports progress: a cli-progress bar on a terminal, plain lines otherwise (see progress.ts). */
export interface ProgressReporter {
  start(phase: Phase, total: number): void;
  update(done: number): void;
  stop(): void;
}

export interface ImportSource {
  kind: KnowledgeKind;
  /** Known up front from the validation pass, so the bars have a total before anything is sent. */
  total: number;
  records: AsyncIterable<Article | Ticket> | Iterable<Article | Ticket>;
}

export interface RunImportOptions {
  baseUrl: string;
  apiKey?: string | undefined;
  batchSize: number;
  fetch: FetchLike;
  reporter: ProgressReporter;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface JobFailure {
  jobId: string;
  kind: KnowledgeKind;
  items: number;
  error: string;
}

export interface ImportSummary {
  sent: Record<KnowledgeKind, number>;
  requests: number;
  jobs: { completed: number; failed: JobFailure[] };
  elapsedSeconds: number;
  itemsPerSecond: number;
}

interface SentJob {
  id: string;
  kind: KnowledgeKind;
  items: number;
}

/**
 * Sends every source in batches to its bulk endpoint (articles first when both are given, so tickets
 * can link to them), then polls each job until it completes or fails. Validation is the caller's job:
 * by the time this runs the records are known to be good.
 */
export async function runImport(sources: ImportSource[], options: RunImportOptions): Promise<ImportSummary> {
  const wait = options.sleep ?? realSleep;
  const client = new ApiClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, fetch: options.fetch, sleep: wait });
  const ordered = [...sources].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "article" ? -1 : 1));
  const total = ordered.reduce((sum, source) => sum + source.total, 0);
  const started = performance.now();
  const sent: Record<KnowledgeKind, number> = { article: 0, ticket: 0 };
  const jobs: SentJob[] = [];
  let requests = 0;

  const send = async (kind: KnowledgeKind, batch: (Article | Ticket)[]): Promise<void> => {
    try {
      requests += 1;
      jobs.push({ id: await client.postBulk(kind, batch), kind, items: batch.length });
    } catch (err) {
      // 413: the body was refused before any work, so halves can go instead (down to single records).
      if (err instanceof ApiError && err.status === 413 && batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        await send(kind, batch.slice(0, middle));
        await send(kind, batch.slice(middle));
        return;
      }
      throw err;
    }
    sent[kind] += batch.length;
    options.reporter.update(sent.article + sent.ticket);
  };

  options.reporter.start("upload", total);
  try {
    for (const source of ordered) {
      let batch: (Article | Ticket)[] = [];
      for await (const record of source.records) {
        batch.push(record);
        if (batch.length >= options.batchSize) {
          await send(source.kind, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await send(source.kind, batch);
    }
  } finally {
    options.reporter.stop();
  }

  const failed = await pollJobs(client, jobs, options.reporter, options.pollIntervalMs ?? 500, wait);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const items = sent.article + sent.ticket;
  return {
    sent,
    requests,
    jobs: { completed: jobs.length - failed.length, failed },
    elapsedSeconds,
    itemsPerSecond: elapsedSeconds > 0 ? items / elapsedSeconds : items,
  };
}

async function pollJobs(
  client: ApiClient,
  jobs: SentJob[],
  reporter: ProgressReporter,
  intervalMs: number,
  wait: (ms: number) => Promise<void>,
): Promise<JobFailure[]> {
  const failed: JobFailure[] = [];
  // Items finished per job. A job's own progress unit may differ from records, so it is scaled to its batch size.
  const done = new Map<string, number>(jobs.map((job) => [job.id, 0]));
  const sum = () => [...done.values()].reduce((a, b) => a + b, 0);
  let pending = jobs;
  reporter.start("process", jobs.reduce((total, job) => total + job.items, 0));
  try {
    while (pending.length > 0) {
      const still: SentJob[] = [];
      for (const job of pending) {
        const status = await client.getJob(job.id);
        if (status.state === "completed" || status.state === "failed") {
          // A failed job's items count as handled so the bar can finish; the summary lists the failure.
          done.set(job.id, job.items);
          if (status.state === "failed") failed.push({ jobId: job.id, kind: job.kind, items: job.items, error: describe(status) });
        } else {
          done.set(job.id, scaled(status, job.items));
          still.push(job);
        }
      }
      reporter.update(sum());
      pending = still;
      if (pending.length > 0) await wait(intervalMs);
    }
  } finally {
    reporter.stop();
  }
  return failed;
}

function scaled(job: Job, items: number): number {
  const { done, total } = job.progress;
  return total > 0 ? Math.min(items, Math.floor((done / total) * items)) : 0;
}

function describe(job: Job): string {
  const { error } = job;
  if (typeof error === "string" && error) return error;
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message === "string") return message;
  return error === undefined ? "failed without an error message" : JSON.stringify(error);
}
