import { z } from "zod";
import type { Article, KnowledgeKind, Ticket } from "../ingest/knowledge.schema.js";

/** The subset of global fetch the importer uses; tests and callers may pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** An error response from the service, carrying its `{error: {code, message, details}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** "HTTP 400 invalid_request: message" plus one line per detail, for printing to a person. */
export function formatApiError(err: ApiError): string {
  const lines = [`HTTP ${err.status} ${err.code}: ${err.message}`];
  for (const detail of err.details) {
    const d = detail as { path?: unknown; message?: unknown };
    lines.push(typeof d.message === "string" ? `  - ${d.path ? `${String(d.path)}: ` : ""}${d.message}` : `  - ${JSON.stringify(detail)}`);
  }
  return lines.join("\n");
}

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()).optional() }),
});
const acceptedSchema = z.object({ jobId: z.string().min(1) });
export const jobSchema = z.object({
  id: z.string(),
  state: z.enum(["queued", "running", "completed", "failed"]),
  progress: z.object({ done: z.number().nonnegative(), total: z.number().nonnegative() }),
  error: z.unknown().optional(),
});
export type Job = z.infer<typeof jobSchema>;

export interface ApiClientOptions {
  baseUrl: string;
  apiKey?: string | undefined;
  fetch: FetchLike;
  /** Injected so tests do not wait out real back-off delays. */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_ATTEMPTS = 5;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ApiClientOptions) {
    // Plain concatenation keeps a path prefix (https://host/helpdesk) that new URL("/v1/..", base) would drop.
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.sleep = options.sleep ?? sleep;
  }

  /** Queues one bulk upsert and returns its job id. A 413 surfaces as ApiError for the caller to split on. */
  async postBulk(kind: KnowledgeKind, items: (Article | Ticket)[]): Promise<string> {
    const key = kind === "article" ? "articles" : "tickets";
    const body = await this.request("POST", `/v1/${key}/bulk`, JSON.stringify({ [key]: items }));
    return parseBody(acceptedSchema, body, `POST /v1/${key}/bulk`).jobId;
  }

  async getJob(jobId: string): Promise<Job> {
    const body = await this.request("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
    return parseBody(jobSchema, body, "GET /v1/jobs/:id");
  }

  private async request(method: "GET" | "POST", path: string, body?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.options.fetch(this.base + path, { method, headers, ...(body === undefined ? {} : { body }) });
      } catch (err) {
        // A GET is safe to repeat after a dropped connection; a POST might have been queued already.
        if (method === "GET" && attempt < MAX_ATTEMPTS) {
          await this.sleep(backoff(attempt));
          continue;
        }
        const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
        throw new Error(`cannot reach ${this.base}: ${cause}`);
      }
      // 429 means the request was refused before any work, so even a POST can be sent again.
      const retryable = res.status === 429 || (method === "GET" && [502, 503, 504].includes(res.status));
      if (retryable && attempt < MAX_ATTEMPTS) {
        await res.body?.cancel();
        // Retry-After in seconds when the server gives one (an HTTP-date form falls back to back-off).
        const header = res.headers.get("retry-after");
        const seconds = header === null ? Number.NaN : Number(header);
        await this.sleep(seconds >= 0 ? Math.min(seconds * 1000, 60_000) : backoff(attempt));
        continue;
      }
      const text = await res.text();
      if (res.ok) return text === "" ? undefined : safeJson(text);
      throw toApiError(res, text);
    }
  }
}

const backoff = (attempt: number) => Math.min(250 * 2 ** attempt, 8000);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new Error(`unexpected response to ${what}: ${JSON.stringify(body)?.slice(0, 200)}`);
  return result.data;
}

function toApiError(res: Response, text: string): ApiError {
  const parsed = errorBodySchema.safeParse(safeJson(text));
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(res.status, code, message, details);
  }
  // Not the service's error shape (a proxy page, say): show the start of whatever came back.
  return new ApiError(res.status, res.statusText || "error", text.slice(0, 300) || "(empty body)");
}
