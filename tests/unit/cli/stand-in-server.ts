import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the helpdesk service: the two bulk endpoints and the jobs endpoint, following the
 * fixed HTTP contract, with jobs kept in memory. The real service is built separately (and needs
 * models, Redis and so on); the importer only depends on the contract, which is what this checks.
 */

export interface BulkRequest {
  kind: "articles" | "tickets";
  items: unknown[];
  authorization: string | undefined;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface StandInOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Polls a job answers before it ends: first "queued", then "running" with partial progress. */
  pollsToFinish?: number;
  /** Jobs (1-based, in order of creation) that end "failed" rather than "completed". */
  failJobs?: number[];
  /** Bodies above this size get the contract's 413. */
  maxBodyBytes?: number;
  /** Sees each accepted-looking bulk request first; a returned reply is sent instead of queueing a job. */
  intercept?: (request: BulkRequest, index: number) => Reply | undefined;
}

export interface StandIn {
  url: string;
  /** Every bulk request that reached the handler, refused ones included. */
  bulk: BulkRequest[];
  jobPolls: number;
  close(): Promise<void>;
}

interface JobState {
  id: string;
  total: number;
  polls: number;
  fails: boolean;
}

const error = (status: number, code: string, message: string, details?: unknown[]): Reply => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const jobs = new Map<string, JobState>();
  const state: StandIn = { url: "", bulk: [], jobPolls: 0, close: async () => undefined };

  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const authorization = req.headers.authorization;
    if (options.apiKey && authorization !== `Bearer ${options.apiKey}`) {
      return error(401, "unauthorized", "missing or invalid API key");
    }
    const bulk = /^\/v1\/(articles|tickets)\/bulk$/.exec(req.url ?? "");
    if (req.method === "POST" && bulk) {
      if (options.maxBodyBytes !== undefined && raw.length > options.maxBodyBytes) {
        return error(413, "payload_too_large", `request body exceeds ${options.maxBodyBytes} bytes`);
      }
      const kind = bulk[1] as BulkRequest["kind"];
      const items = (JSON.parse(raw.toString("utf8")) as Record<string, unknown>)[kind];
      if (!Array.isArray(items)) return error(400, "invalid_request", `body must be {"${kind}": [...]}`);
      const request: BulkRequest = { kind, items, authorization };
      state.bulk.push(request);
      const intercepted = options.intercept?.(request, state.bulk.length - 1);
      if (intercepted) return intercepted;
      const id = `job-${jobs.size + 1}`;
      jobs.set(id, { id, total: items.length, polls: 0, fails: options.failJobs?.includes(jobs.size + 1) ?? false });
      return { status: 202, body: { jobId: id } };
    }
    const jobMatch = /^\/v1\/jobs\/([^/]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && jobMatch) {
      const job = jobs.get(decodeURIComponent(jobMatch[1] ?? ""));
      if (!job) return error(404, "not_found", "no such job");
      state.jobPolls += 1;
      job.polls += 1;
      const finish = options.pollsToFinish ?? 1;
      if (job.polls < finish) {
        const done = job.polls === 1 ? 0 : Math.floor((job.total * (job.polls - 1)) / (finish - 1));
        const body = { id: job.id, state: job.polls === 1 ? "queued" : "running", progress: { done, total: job.total } };
        return { status: 200, body };
      }
      const end = job.fails
        ? { state: "failed", progress: { done: 0, total: job.total }, error: "embedder crashed" }
        : { state: "completed", progress: { done: job.total, total: job.total } };
      return { status: 200, body: { id: job.id, ...end } };
    }
    return error(404, "not_found", `no route ${req.method} ${req.url}`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (reply) => {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(JSON.stringify(reply.body));
      },
      (err: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(error(500, "internal", String(err)).body));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return state;
}
