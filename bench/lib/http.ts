/** A small JSON client for the service, plus the ingestion and job-polling loops every bench needs. */

export interface Reply<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export async function call<T = unknown>(baseUrl: string, method: string, urlPath: string, json?: unknown): Promise<Reply<T>> {
  const start = performance.now();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: json === undefined ? {} : { "content-type": "application/json" },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the cause (refused, reset, timeout) is what tells what happened.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${method} ${urlPath}: ${cause?.code ?? ""} ${cause?.message ?? (error as Error).message}`.replace(/\s+/g, " "), { cause: error });
  }
  const text = await response.text();
  const ms = performance.now() - start;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. /metrics): keep the text
  }
  return { status: response.status, body: body as T, ms };
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

/**
 * Whether a POST endpoint exists on this build of the service. A route the service does not have
 * answers 404 "no route for …"; anything else (200, 400, 503) means the route is there.
 */
export async function endpointAvailable(baseUrl: string, urlPath: string, sample: unknown): Promise<{ available: boolean; status: number; detail?: string }> {
  const reply = await call<ErrorBody>(baseUrl, "POST", urlPath, sample);
  const missing = reply.status === 404 && /no route/i.test(reply.body?.error?.message ?? "no route");
  return { available: !missing, status: reply.status, detail: reply.body?.error?.message };
}

export interface JobStatus {
  id: string;
  state: "queued" | "running" | "completed" | "failed";
  progress: { done: number; total: number };
  error?: string;
  /** ISO time the job completed or failed, by the service's clock. */
  finishedAt?: string;
}

/**
 * A status poll that survives a dropped connection (a busy service can close a keep-alive socket just
 * as the next poll goes out); three failures in a row are real and end the wait.
 */
async function pollJob(baseUrl: string, id: string): Promise<Reply<JobStatus>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call<JobStatus>(baseUrl, "GET", `/v1/jobs/${id}`);
    } catch (error) {
      if (attempt >= 3) throw error;
      process.stdout.write(`  (job poll failed, retrying: ${(error as Error).message})\n`);
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

export async function waitForJobs(baseUrl: string, jobIds: string[], timeoutMs = 4 * 3600_000, pollMs = 250): Promise<JobStatus[]> {
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, JobStatus>();
  while (done.size < jobIds.length) {
    for (const id of jobIds) {
      if (done.has(id)) continue;
      const { status, body } = await pollJob(baseUrl, id);
      if (status === 200 && (body.state === "completed" || body.state === "failed")) done.set(id, body);
      else break; // embedded mode runs jobs in order: no point asking about later ones yet
    }
    if (done.size < jobIds.length) {
      if (Date.now() > deadline) throw new Error(`jobs not finished within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
  const failed = [...done.values()].filter((job) => job.state === "failed");
  if (failed.length > 0) throw new Error(`${failed.length} ingestion job(s) failed: ${failed[0]!.error ?? "no error given"}`);
  return jobIds.map((id) => done.get(id)!);
}

export interface IngestOutcome {
  items: number;
  requests: number;
  /** From the first POST until the last job completed. */
  seconds: number;
  /** Time the bulk requests themselves took (the API's acknowledgement path). */
  acceptSeconds: number;
  /**
   * After the last job completed, until the queue drained: the follow-up work an import queues (the
   * answer-confidence refit after tickets). Not part of `seconds`; waited for, so the next measurement
   * does not share the machine with it.
   */
  followUpSeconds: number;
}

/**
 * Sends items in bulk requests of `batch`, then waits until every job has completed: the time a user
 * waits between "send my tickets" and "they are searchable".
 */
export async function ingest(baseUrl: string, kind: "articles" | "tickets", items: unknown[], batch = 1000, onProgress?: (done: number) => void): Promise<IngestOutcome> {
  const start = performance.now();
  const startedAt = Date.now();
  const jobIds: string[] = [];
  let acceptMs = 0;
  for (let i = 0; i < items.length; i += batch) {
    const reply = await call<{ jobId: string } & ErrorBody>(baseUrl, "POST", `/v1/${kind}/bulk`, { [kind]: items.slice(i, i + batch) });
    if (reply.status !== 202) throw new Error(`POST /v1/${kind}/bulk answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
    acceptMs += reply.ms;
    jobIds.push(reply.body.jobId);
  }
  const jobs: JobStatus[] = [];
  if (onProgress) {
    // Report progress per job, so a long ingestion shows it is moving.
    for (let i = 0; i < jobIds.length; i++) {
      jobs.push(...(await waitForJobs(baseUrl, [jobIds[i]!])));
      onProgress(Math.min((i + 1) * batch, items.length));
    }
  } else {
    jobs.push(...(await waitForJobs(baseUrl, jobIds)));
  }
  // The end is when the last job finished by the service's own clock (the same machine's), not when a
  // poll, every 250 ms, happened to see it: on a five-second import that is a 2–5 % difference.
  const finished = jobs.map((job) => Date.parse(job.finishedAt ?? ""));
  const seconds = finished.every(Number.isFinite) ? (Math.max(...finished) - startedAt) / 1000 : (performance.now() - start) / 1000;
  await waitForIdle(baseUrl);
  return { items: items.length, requests: jobIds.length, seconds, acceptSeconds: acceptMs / 1000, followUpSeconds: (performance.now() - start) / 1000 - seconds };
}

/** Polls the service's queue-depth gauge until no job waits or runs. */
export async function waitForIdle(baseUrl: string, timeoutMs = 3600_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const depth = await metric(baseUrl, "helpdesk_jobs_pending");
    if (Number.isNaN(depth)) throw new Error("the service reports no helpdesk_jobs_pending gauge on /metrics");
    if (depth === 0) return;
    if (Date.now() > deadline) throw new Error(`the service's job queue did not drain within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * A sample's value from /metrics (e.g. helpdesk_embedded_texts_total: texts that reached the model);
 * `label` (e.g. `priority="question"`) picks one series of a labelled metric.
 */
export async function metric(baseUrl: string, name: string, label?: string): Promise<number> {
  const { body } = await call<string>(baseUrl, "GET", "/metrics");
  const labels = label ? `\\{[^}]*${label}[^}]*\\}` : "(?:\\{[^}]*\\})?";
  const match = new RegExp(`^${name}${labels} ([\\d.e+-]+)$`, "m").exec(typeof body === "string" ? body : "");
  return match ? Number(match[1]) : Number.NaN;
}

export async function readyCounts(baseUrl: string): Promise<{ articles: number; tickets: number }> {
  const { body } = await call<{ articles: number; tickets: number }>(baseUrl, "GET", "/readyz");
  return { articles: body.articles, tickets: body.tickets };
}
