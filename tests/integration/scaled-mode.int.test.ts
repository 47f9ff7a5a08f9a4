import { rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, REDIS_URL, startTestApi, tempDataDir, ticket, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForOutput, type Spawned } from "../helpers/processes.js";

/**
 * Scaled mode against the real local Redis: the API enqueues on BullMQ, a separate `npm run worker`
 * process indexes, and the API reloads the index when the worker announces a new version.
 */
describe("scaled mode: API + worker on BullMQ/Redis", () => {
  let dataDir: string;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: Spawned;
  const env = () => ({ DATA_DIR: dataDir, REDIS_URL, REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}` });
  let shared: Record<string, string>;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    shared = env();
    worker = spawnEntry("worker", { ...shared, LOG_LEVEL: "info" });
    await waitForOutput(worker, /worker ready/);
    api = await startTestApi(shared);
  });

  afterAll(async () => {
    await api?.dispose();
    if (worker) await stop(worker);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reports the queue as reachable", async () => {
    expect((await http(api.url, "GET", "/readyz")).body).toMatchObject({ ready: true, queue: true });
  });

  it("indexes through the worker and serves the result from the API without a restart", async () => {
    const accepted = await http(api.url, "POST", "/v1/articles/bulk", {
      json: { articles: [article("kb-vat", "Add your VAT number", "Go to Billing, Company details and enter your VAT ID.")] },
    });
    expect(accepted.status).toBe(202);
    const job = await waitForJob(api.url, accepted.body.jobId);
    expect(job).toMatchObject({ state: "completed", progress: { done: 1, total: 1 } });
    await expect.poll(async () => (await http(api.url, "GET", "/readyz")).body.articles, { timeout: 10_000 }).toBe(1);
    const hits = (await http(api.url, "POST", "/v1/search", { json: { query: "where do I put my tax id", kind: "article" } })).body.hits;
    expect(hits[0].id).toBe("kb-vat");
  });

  it("applies deletes made through the API", async () => {
    const tickets = [ticket("s-1", "Label printer offline", "My thermal printer shows offline"), ticket("s-2", "Invoice address wrong", "Please fix the billing address")];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId);
    const deleted = await http(api.url, "DELETE", "/v1/tickets/s-1");
    await waitForJob(api.url, deleted.body.jobId);
    await expect.poll(async () => (await http(api.url, "GET", "/readyz")).body.tickets, { timeout: 10_000 }).toBe(1);
    const hits = (await http(api.url, "POST", "/v1/search", { json: { query: "printer offline", kind: "ticket" } })).body.hits;
    expect(hits.map((h: { id: string }) => h.id)).toEqual(["s-2"]);
  });
});
