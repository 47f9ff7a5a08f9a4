import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, REDIS_URL, startTestApi, tempDataDir, ticket, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForOutput, waitForUrl, type Spawned } from "../helpers/processes.js";

/**
 * Scaled mode against the real local Redis: the API enqueues on BullMQ, a separate `npm run worker`
 * process indexes, and the API catches up when the worker announces a write.
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

  it("rebuilds an index saved in another format after a restart, and a new API serves the rebuilt one", async () => {
    expect(await stop(worker)).toBe(0); // saves the index
    const indexDir = path.join(dataDir, "index");
    const manifestFile = path.join(indexDir, (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim(), "manifest.json");
    // As after an upgrade that changes what gets indexed: the saved version no longer loads.
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { format: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, format: manifest.format + 100 }));
    worker = spawnEntry("worker", { ...shared, LOG_LEVEL: "info" });
    await waitForOutput(worker, /worker ready/);
    const fresh = spawnEntry("api", { ...shared, PORT: "0", INDEX_CATCH_UP_INTERVAL_MS: "200" });
    try {
      const url = await waitForUrl(fresh);
      await expect.poll(async () => (await http(url, "GET", "/readyz")).body, { timeout: 30_000, interval: 200 }).toMatchObject({ articles: 1, tickets: 1 });
      expect((await http(url, "POST", "/v1/search", { json: { query: "where do I put my tax id", kind: "article" } })).body.hits[0].id).toBe("kb-vat");
      // The API waited for the worker's rebuild instead of re-indexing the store itself.
      expect((await http<string>(url, "GET", "/metrics")).body).toMatch(/^helpdesk_index_catchups\{via="repair"\} 0$/m);
    } finally {
      await stop(fresh);
    }
  });
});
