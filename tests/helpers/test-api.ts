import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/env.js";
import { startApiProcess, type ApiProcess } from "../../src/main/api-process.js";

/** Set by tests/helpers/global-setup.ts: the local Redis, or a private one it started. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "helpdesk-test-"));
}

/** Starts the real API (real embedder, real HTTP on a free port) with test-friendly defaults. */
export async function startTestApi(env: Record<string, string> = {}): Promise<ApiProcess & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = env.DATA_DIR ?? (await tempDataDir());
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", EMBED_THREADS: "1", INDEX_SAVE_INTERVAL_MS: "50", ...env, DATA_DIR: dataDir });
  const api = await startApiProcess(config);
  return {
    ...api,
    dataDir,
    async dispose() {
      await api.close();
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Minimal JSON client over real HTTP. `raw` sends the body string as is (for malformed-input tests). */
// Tests read loosely-typed JSON bodies; `any` keeps assertions short where the schema is what is under test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function http<T = any>(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    headers["content-type"] ??= "application/json";
    body = options.raw;
  }
  const response = await fetch(`${baseUrl}${urlPath}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. /metrics); keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Polls a job until it finishes; fails the test if it does not within the timeout. */
export async function waitForJob(baseUrl: string, jobId: string, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<{ state: string; progress: { done: number; total: number }; error?: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status, body } = await http(baseUrl, "GET", `/v1/jobs/${jobId}`, { headers });
    if (status === 200 && (body.state === "completed" || body.state === "failed")) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

/**
 * Polls the queue-depth gauge on /metrics until no job waits or runs: follow-up jobs (a confidence
 * refit after tickets) have no id the test could wait on.
 */
export async function waitForQueueIdle(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await http<string>(baseUrl, "GET", "/metrics");
    const depth = /^helpdesk_jobs_pending (\d+)$/m.exec(body)?.[1];
    if (depth === undefined) throw new Error("/metrics has no helpdesk_jobs_pending gauge");
    if (Number(depth) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the job queue did not drain within ${timeoutMs} ms`);
}

export const article = (id: string, title: string, body: string, extra: Record<string, unknown> = {}) => ({ id, title, body, ...extra });

export const ticket = (id: string, subject: string, description: string, extra: Record<string, unknown> = {}) => ({
  id,
  subject,
  description,
  status: "solved",
  ...extra,
});
