import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { hostname } from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { startApiProcess, type ApiProcess } from "../../src/main/api-process.js";
import { createLogger } from "../../src/shared/logger.js";
import { QUEUE_NAME } from "../../src/jobs/bullmq-queue.js";
import { article, http, startTestApi, tempDataDir, ticket, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForOutput, waitForUrl, type Spawned } from "../helpers/processes.js";
import { startPrivateRedis, type PrivateRedis } from "../helpers/redis-server.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});
const newDataDir = async () => {
  const dir = await tempDataDir();
  dirs.push(dir);
  return dir;
};

const DAY = 24 * 3600 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tickets in recurring topics (so a gap run finds clusters), each with a unique number. */
const topics = [
  ["Parcel stuck in customs", "My parcel is held at customs and the courier asks for import duties"],
  ["Label printer offline", "The thermal label printer shows offline and labels do not print"],
  ["Password reset mail missing", "I never receive the password reset e-mail"],
  ["Refund for damaged item", "The item arrived broken, I want my money back"],
  ["Pickup did not happen", "The courier never came to collect the scheduled pickup"],
  ["Invoice has wrong VAT", "The VAT number on my invoice is wrong, please correct it"],
];
const topicTickets = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => {
    const [subject, description] = topics[i % topics.length]!;
    return ticket(`${prefix}-${i}`, `${subject} #${i}`, `${description} (case ${i})`, { status: "open", createdAt: new Date(Date.now() - (1 + (i % 20)) * DAY).toISOString() });
  });

/** Polls until `check` returns a value (not undefined), or fails with what it last saw. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const searchIds = async (url: string, query: string, kind: "article" | "ticket", limit = 50): Promise<string[]> => {
  const res = await http(url, "POST", "/v1/search", { json: { query, kind, limit } });
  expect(res.status).toBe(200);
  return (res.body.hits as Array<{ id: string }>).map((hit) => hit.id);
};

/** The API in this process with its log captured, as an operator would read it. */
async function startWithLog(dataDir: string): Promise<{ api: ApiProcess; log: () => string }> {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "info", EMBED_THREADS: "1", INDEX_SAVE_INTERVAL_MS: "50", DATA_DIR: dataDir });
  const api = await startApiProcess(config, { logger: createLogger("info", sink) });
  return { api, log: () => text };
}

describe("a restart between writes", () => {
  it("indexes the first tickets after a restart that loaded an empty ticket index", async () => {
    const dataDir = await newDataDir();
    const first = await startWithLog(dataDir);
    try {
      await waitForJob(first.api.url, (await http(first.api.url, "POST", "/v1/articles/bulk", { json: { articles: [article("kb-1", "Title", "Body text")] } })).body.jobId);
    } finally {
      await first.api.close();
    }
    const second = await startWithLog(dataDir);
    try {
      const job = await waitForJob(second.api.url, (await http(second.api.url, "POST", "/v1/tickets/bulk", { json: { tickets: topicTickets(3, "r") } })).body.jobId);
      expect(job).toMatchObject({ state: "completed" });
      expect((await http(second.api.url, "GET", "/readyz")).body).toMatchObject({ articles: 1, tickets: 3 });
    } finally {
      await second.api.close();
    }
  });
});

describe("a corrupt index at start-up", () => {
  const articles = [
    article("kb-2fa", "Turn on two-factor authentication", "Open Security settings and scan the QR code with an authenticator app."),
    article("kb-labels", "Print shipping labels", "Select the orders, choose Print labels and pick your label printer."),
    article("kb-vat", "Add your VAT number", "Go to Billing, Company details and enter your VAT ID."),
  ];
  const tickets = topicTickets(24, "c");

  let seeded: string;
  beforeAll(async () => {
    seeded = await newDataDir();
    const { api } = await startWithLog(seeded);
    try {
      await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId);
      await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId);
    } finally {
      await api.close();
    }
  });
  const seededDataDir = async () => {
    const copy = await newDataDir();
    await fs.cp(seeded, copy, { recursive: true });
    return copy;
  };

  const currentArticlesFile = async (dataDir: string) => {
    const version = (await fs.readFile(path.join(dataDir, "index", "CURRENT"), "utf8")).trim();
    return path.join(dataDir, "index", version, "articles.hnsw");
  };

  const damages: Array<[string, (file: string) => Promise<void>]> = [
    ["truncated", async (file) => fs.truncate(file, Math.floor((await fs.stat(file)).size / 2))],
    ["overwritten with garbage", async (file) => fs.writeFile(file, randomBytes((await fs.stat(file)).size))],
  ];

  for (const [damage, corrupt] of damages) {
    it(`rebuilds an articles.hnsw ${damage} from the store, says so in the log, and serves every item once`, async () => {
      const dataDir = await seededDataDir();
      await corrupt(await currentArticlesFile(dataDir));

      const { api, log } = await startWithLog(dataDir);
      try {
        expect(log()).toContain("index files are corrupt or truncated: the index is rebuilt from the store");
        await api.idle(); // the reconcile job queued at start-up
        expect((await http(api.url, "GET", "/readyz")).body).toMatchObject({ ready: true, articles: 3, tickets: 24 });
        expect((await searchIds(api.url, "where do I enter my tax id", "article"))[0]).toBe("kb-vat");
        const ticketHits = await searchIds(api.url, "courier never collected the pickup", "ticket");
        expect(new Set(ticketHits).size).toBe(ticketHits.length);
        expect(ticketHits.every((id) => tickets.some((t) => t.id === id))).toBe(true);
        const articleHits = await searchIds(api.url, "settings", "article");
        expect(new Set(articleHits).size).toBe(articleHits.length);
      } finally {
        await api.close();
      }
      // The rebuilt index was saved: the next start loads it as is.
      const again = await startWithLog(dataDir);
      try {
        expect(again.log()).not.toContain("corrupt");
        expect((await http(again.api.url, "GET", "/readyz")).body).toMatchObject({ articles: 3, tickets: 24 });
      } finally {
        await again.api.close();
      }
    });
  }
});

/**
 * A request in flight: its headers are sent with `Expect: 100-continue`, so the server's "100 Continue"
 * proves it has parsed them and is serving the request; then half the body is sent, the rest on `finish()`.
 */
async function requestInFlight(url: string, method: string, urlPath: string, json: unknown) {
  const payload = Buffer.from(JSON.stringify(json));
  const req = httpRequest(`${url}${urlPath}`, { method, agent: false, headers: { "content-type": "application/json", "content-length": payload.length, expect: "100-continue" } });
  const response = new Promise<{ status: number; body: { jobId?: string } }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { jobId?: string } }));
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  await new Promise((resolve) => req.once("continue", resolve));
  req.write(payload.subarray(0, payload.length >> 1));
  return { response, finish: () => req.end(payload.subarray(payload.length >> 1)) };
}

const refusesConnections = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname: host, port } = new URL(url);
    const socket = connect(Number(port), host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });

async function exitCode(spawned: Spawned, timeoutMs: number): Promise<number | null | "still running"> {
  return Promise.race([spawned.exited, sleep(timeoutMs).then(() => "still running" as const)]);
}

describe("embedded mode: shutdown and kills", () => {
  let dataDir: string;
  const bulk = topicTickets(160, "g");
  const env = () => ({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", INDEX_SAVE_INTERVAL_MS: "200" });
  let current: Spawned | undefined;
  afterAll(async () => {
    if (current) await stop(current, "SIGKILL");
  });

  it("on SIGTERM stops taking connections, finishes the request in flight, exits 0 and keeps every acknowledged item once", async () => {
    dataDir = await newDataDir();
    const first = (current = spawnEntry("api", env()));
    const url = await waitForUrl(first);
    const accepted = await http(url, "POST", "/v1/tickets/bulk", { json: { tickets: bulk } });
    expect(accepted.status).toBe(202);
    await until("the bulk job to run", async () => ((await http(url, "GET", `/v1/jobs/${accepted.body.jobId}`)).body.state === "running" ? true : undefined), 20_000, 20);

    const late = ticket("late-1", "Hazardous goods declaration", "How do I declare lithium batteries in a parcel?", { status: "open" });
    const inFlight = await requestInFlight(url, "PUT", "/v1/tickets/late-1", late);
    first.child.kill("SIGTERM");
    await waitForOutput(first, /SIGTERM received/, 10_000);
    await until("new connections to be refused", async () => ((await refusesConnections(url)) ? true : undefined), 10_000, 50);
    inFlight.finish();
    const answered = await inFlight.response;
    expect(answered.status).toBe(202);
    expect(await exitCode(first, 60_000)).toBe(0);

    const second = (current = spawnEntry("api", env()));
    const url2 = await waitForUrl(second);
    expect((await waitForJob(url2, accepted.body.jobId, {}, 60_000)).state).toBe("completed");
    expect((await waitForJob(url2, answered.body.jobId!, {}, 60_000)).state).toBe("completed");
    expect((await http(url2, "GET", "/readyz")).body).toMatchObject({ ready: true, tickets: bulk.length + 1 });
    expect((await searchIds(url2, "declare lithium batteries", "ticket", 5))[0]).toBe("late-1");
    const hits = await searchIds(url2, "parcel held at customs import duties", "ticket");
    expect(new Set(hits).size).toBe(hits.length);
  });

  it("resumes a gap run killed (SIGKILL) mid-run at the next start, with a consistent report", async () => {
    const url = await waitForUrl(current!);
    const started = await http(url, "POST", "/v1/gaps/runs", { json: { minTickets: 5 } });
    expect(started.status).toBe(202);
    const { jobId, runId } = started.body as { jobId: string; runId: string };
    const seen = await until(
      "the gap run to be under way",
      async () => {
        const job = (await http(url, "GET", `/v1/jobs/${jobId}`)).body;
        return job.state === "running" && job.progress.done > 0 ? job : job.state === "completed" ? job : undefined;
      },
      30_000,
      5,
    );
    await stop(current!, "SIGKILL");
    expect(seen.state, "the run finished before the kill; it must be killed mid-run").toBe("running");

    const restarted = (current = spawnEntry("api", env()));
    const url2 = await waitForUrl(restarted);
    expect((await waitForJob(url2, jobId, {}, 60_000)).state).toBe("completed");
    expect(restarted.output()).toContain("resuming jobs left unfinished by the last run");

    const report = await http(url2, "GET", `/v1/gaps/runs/${runId}`);
    expect(report.status).toBe(200);
    expect((await http(url2, "GET", "/v1/gaps")).body.runId).toBe(runId);
    const all = new Set([...bulk.map((t) => t.id), "late-1"]);
    expect(report.body.ticketsAnalyzed).toBe(all.size);
    const gaps = report.body.gaps as Array<{ id: string; ticketCount: number; ticketIds: string[] }>;
    expect(gaps.length).toBeGreaterThan(0);
    const members = gaps.flatMap((gap) => gap.ticketIds);
    expect(new Set(members).size, "a ticket belongs to one gap at most, once").toBe(members.length);
    expect(members.every((id) => all.has(id))).toBe(true);
    for (const gap of gaps) expect(gap.ticketCount).toBe(gap.ticketIds.length);
    expect(new Set(gaps.map((gap) => gap.id)).size).toBe(gaps.length);
  });
});

describe("scaled mode: Redis outage and a killed worker", () => {
  let redis: PrivateRedis;
  let dataDir: string;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let workers: Spawned[] = [];
  const prefix = `faults-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    dataDir = await newDataDir();
    const env = { DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: prefix, LOG_LEVEL: "info", JOB_LOCK_MS: "4000" };
    workers = [spawnEntry("worker", env), spawnEntry("worker", env)];
    await Promise.all(workers.map((worker) => waitForOutput(worker, /worker ready/)));
    api = await startTestApi({ DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: prefix });
    const articles = [article("kb-vat", "Add your VAT number", "Go to Billing, Company details and enter your VAT ID.")];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId);
    await until("the API to load the worker's index", async () => ((await http(api.url, "GET", "/readyz")).body.articles === 1 ? true : undefined));
  });

  afterAll(async () => {
    await api?.dispose();
    await Promise.all(workers.map((worker) => stop(worker, "SIGKILL")));
    await redis?.kill();
  });

  it("keeps answering reads while Redis is down, reports not ready, and refuses writes with a quick 503", async () => {
    await redis.kill();
    const notReady = await until("readiness to drop", async () => {
      const res = await http(api.url, "GET", "/readyz");
      return res.status === 503 ? res.body : undefined;
    });
    expect(notReady).toMatchObject({ ready: false, queue: false, index: true });

    expect((await searchIds(api.url, "where do I put my tax id", "article"))[0]).toBe("kb-vat");
    const answer = await http(api.url, "POST", "/v1/answers", { json: { question: "Where do I enter my VAT ID?" } });
    expect(answer.status).toBe(200);
    expect(answer.body.sources[0].id).toBe("kb-vat");
    expect((await http(api.url, "GET", "/v1/articles/kb-vat")).status).toBe(200);

    const writes: Array<[string, string, unknown?]> = [
      ["POST", "/v1/articles/bulk", { articles: [article("kb-new", "New", "New article")] }],
      ["PUT", "/v1/tickets/t-x", ticket("t-x", "Subject", "Description")],
      ["DELETE", "/v1/articles/kb-vat"],
      ["POST", "/v1/gaps/runs", {}],
      ["GET", "/v1/jobs/01JXXXXXXXXXXXXXXXXXXXXXXX"],
    ];
    for (const [method, urlPath, json] of writes) {
      const startedAt = Date.now();
      const res = await http(api.url, method, urlPath, json === undefined ? {} : { json });
      expect({ call: `${method} ${urlPath}`, status: res.status, code: res.body?.error?.code }).toEqual({ call: `${method} ${urlPath}`, status: 503, code: "unavailable" });
      expect(Date.now() - startedAt).toBeLessThan(3000);
    }
    // Nothing was half-done: the refused delete left the article in place.
    expect((await http(api.url, "GET", "/v1/articles/kb-vat")).status).toBe(200);
    expect((await http(api.url, "GET", "/v1/articles/kb-new")).status).toBe(404);
  });

  it("recovers readiness and writes when Redis is back, without restarting the API", async () => {
    await redis.restart();
    await until("readiness to return", async () => ((await http(api.url, "GET", "/readyz")).status === 200 ? true : undefined));
    const accepted = await http(api.url, "POST", "/v1/articles/bulk", { json: { articles: [article("kb-2fa", "Turn on two-factor authentication", "Open Security settings and scan the QR code.")] } });
    expect(accepted.status).toBe(202);
    expect((await waitForJob(api.url, accepted.body.jobId, {}, 30_000)).state).toBe("completed");
    await until("the API to load the new index version", async () => ((await http(api.url, "GET", "/readyz")).body.articles === 2 ? true : undefined));
    expect((await searchIds(api.url, "set up two factor authentication", "article"))[0]).toBe("kb-2fa");
    // The restarted Redis came back empty; the workers set the single-writer limit again.
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix });
    try {
      await until("global concurrency 1 to be set again", async () => ((await queue.getGlobalConcurrency()) === 1 ? true : undefined), 10_000);
    } finally {
      await queue.close();
    }
  });

  it("counts rate limits in Redis, shared by API replicas, once it is back", async () => {
    const replicas = await Promise.all([1, 2].map(() => startTestApi({ DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: "3" })));
    try {
      const client = { authorization: `Bearer client-${randomUUID()}` };
      const statuses: number[] = [];
      for (const replica of [0, 1, 0, 1]) statuses.push((await http(replicas[replica]!.url, "GET", "/v1/articles/kb-vat", { headers: client })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.dispose()));
    }
  });

  it("retries the job of a worker killed (SIGKILL) mid-job on the other worker and indexes every item once", async () => {
    const tickets = topicTickets(160, "w");
    const accepted = await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } });
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.jobId as string;
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix });
    try {
      const holder = await until("a worker to take the job", async () => {
        const job = await queue.getJob(jobId);
        return job?.processedBy && (await job.getState()) === "active" ? job.processedBy : undefined;
      }, 30_000, 20);
      const victim = workers.find((worker) => `${hostname()}:${worker.child.pid}` === holder);
      expect(victim, `job held by ${holder}`).toBeDefined();
      await stop(victim!, "SIGKILL");
      const survivor = workers.find((worker) => worker !== victim)!;

      const finished = await waitForJob(api.url, jobId, {}, 60_000);
      expect(finished, `survivor's log:\n${survivor.output().slice(-3000)}`).toMatchObject({ state: "completed" });
      expect((await queue.getJob(jobId))?.processedBy).toBe(`${hostname()}:${survivor.child.pid}`);
    } finally {
      await queue.close();
    }
    await until("the API to load every ticket", async () => ((await http(api.url, "GET", "/readyz")).body.tickets === tickets.length ? true : undefined), 20_000);
    const hits = await searchIds(api.url, "thermal label printer offline", "ticket");
    expect(new Set(hits).size).toBe(hits.length);
    expect(hits.every((id) => id.startsWith("w-"))).toBe(true);
  });
});
