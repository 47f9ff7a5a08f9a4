import { rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, REDIS_URL, tempDataDir, ticket, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForOutput, waitForUrl, type Spawned } from "../helpers/processes.js";

/**
 * Scale-out on existing engines, on one machine: two API processes and two `npm run worker` processes
 * against one Redis and one shared DATA_DIR. Content goes in through one API; both must then give the
 * same results, catching up with each write a worker announces over Redis (no restart): they replay
 * the writes from the shared change log rather than reload the whole index (see change-log.ts).
 */
describe("scale-out: two APIs and two workers on one Redis and one DATA_DIR", () => {
  let dataDir: string;
  let env: Record<string, string>;
  const workers: Spawned[] = [];
  const apis: Spawned[] = [];
  let a: string;
  let b: string;

  const counts = async (url: string) => (await http(url, "GET", "/readyz")).body as { articles: number; tickets: number };
  const search = async (url: string, query: string, kind: "article" | "ticket") => (await http(url, "POST", "/v1/search", { json: { query, kind, limit: 5 } })).body.hits as Array<{ id: string; score: number }>;
  /** Both APIs hold the expected counts: each caught up with the workers' writes. */
  const bothAt = async (expected: { articles: number; tickets: number }) => {
    for (const url of [a, b]) await expect.poll(() => counts(url), { timeout: 30_000, interval: 100 }).toMatchObject(expected);
  };

  beforeAll(async () => {
    dataDir = await tempDataDir();
    env = { DATA_DIR: dataDir, REDIS_URL, REDIS_PREFIX: `scale-${randomUUID().slice(0, 8)}`, INDEX_SAVE_INTERVAL_MS: "50" };
    workers.push(spawnEntry("worker", { ...env, LOG_LEVEL: "info" }), spawnEntry("worker", { ...env, LOG_LEVEL: "info" }));
    await Promise.all(workers.map((w) => waitForOutput(w, /worker ready/, 120_000)));
    apis.push(spawnEntry("api", { ...env, PORT: "0" }), spawnEntry("api", { ...env, PORT: "0" }));
    [a, b] = (await Promise.all(apis.map((api) => waitForUrl(api, 120_000)))) as [string, string];
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => stop(p)));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("gives the same search results from both APIs after ingesting through one", async () => {
    const articles = [
      article("kb-vat", "Add your VAT number", "Go to Billing, then Company details, and enter your VAT ID. Invoices show it from the next cycle."),
      article("kb-label", "Print a shipping label", "Open the shipment, choose Print label and pick your printer. Thermal printers need the 4x6 format."),
      article("kb-refund", "Refund a customer", "Open the order, choose Refund and select the items. Refunds reach the card in five to ten days."),
    ];
    const tickets = [
      ticket("t-1", "Where do I enter our tax ID", "We need the VAT number on invoices"),
      ticket("t-2", "Label printer prints blank pages", "Zebra printer, labels come out empty"),
      ticket("t-3", "Customer wants money back", "How do I refund two items of an order"),
    ];
    const jobs = [
      (await http(a, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId as string,
      (await http(a, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId as string,
    ];
    for (const jobId of jobs) {
      expect(await waitForJob(a, jobId)).toMatchObject({ state: "completed" });
      // The job queue is shared too: the other API reports the same job.
      expect((await http(b, "GET", `/v1/jobs/${jobId}`)).body).toMatchObject({ state: "completed" });
    }
    await bothAt({ articles: 3, tickets: 3 });
    for (const [query, kind] of [["tax id on my invoice", "article"], ["printer gives empty labels", "ticket"], ["money back for an order", "article"]] as const) {
      const [fromA, fromB] = await Promise.all([search(a, query, kind), search(b, query, kind)]);
      expect(fromA.length).toBeGreaterThan(0);
      expect(fromB).toEqual(fromA);
    }
    expect((await search(b, "tax id on my invoice", "article"))[0]!.id).toBe("kb-vat");
  });

  const catchUps = async (url: string, via: string) => Number(new RegExp(`^helpdesk_index_catchups\\{via="${via}"\\} (\\d+)`, "m").exec((await http<string>(url, "GET", "/metrics")).body)?.[1]);

  it("picks up a new article in the other API without a restart, by replaying the write rather than reloading the index", async () => {
    const accepted = await http(b, "POST", "/v1/articles/bulk", { json: { articles: [article("kb-pickup", "Schedule a carrier pickup", "Choose Pickups, pick a date and a time window; the carrier confirms by e-mail.")] } });
    await waitForJob(b, accepted.body.jobId);
    await bothAt({ articles: 4, tickets: 3 });
    const [fromA, fromB] = await Promise.all([search(a, "schedule a carrier pickup", "article"), search(b, "schedule a carrier pickup", "article")]);
    expect(fromA[0]!.id).toBe("kb-pickup");
    expect(fromB).toEqual(fromA);
    for (const api of apis) expect(api.child.exitCode).toBeNull();
    for (const url of [a, b]) {
      expect(await catchUps(url, "log")).toBeGreaterThan(0);
      expect(await catchUps(url, "snapshot")).toBe(0);
    }
  });

  it("indexes concurrent batches sent through both APIs without losing any", async () => {
    const batches = [0, 1, 2, 3].map((n) => Array.from({ length: 5 }, (_, i) => ticket(`c-${n}-${i}`, `Batch ${n} question ${i}`, `Parcel ${n}${i} is stuck in customs in port number ${n * 10 + i}`)));
    const accepted = await Promise.all(batches.map((tickets, n) => http(n % 2 === 0 ? a : b, "POST", "/v1/tickets/bulk", { json: { tickets } })));
    for (const reply of accepted) expect(reply.status).toBe(202);
    const finished = await Promise.all(accepted.map((reply, n) => waitForJob(n % 2 === 0 ? a : b, reply.body.jobId)));
    expect(finished.map((job) => job.state)).toEqual(["completed", "completed", "completed", "completed"]);
    await bothAt({ articles: 4, tickets: 23 });
  });

  it("keeps indexing through the other worker when one stops", async () => {
    expect(await stop(workers[0]!)).toBe(0);
    const accepted = await http(a, "POST", "/v1/tickets/bulk", { json: { tickets: [ticket("after-stop", "Pallet delivery missed", "The freight carrier never came for the pallet")] } });
    expect(await waitForJob(a, accepted.body.jobId)).toMatchObject({ state: "completed" });
    await bothAt({ articles: 4, tickets: 24 });
    const [fromA, fromB] = await Promise.all([search(a, "freight pallet not collected", "ticket"), search(b, "freight pallet not collected", "ticket")]);
    expect(fromA[0]!.id).toBe("after-stop");
    expect(fromB).toEqual(fromA);
  });

  it("answers a question the same way from both APIs", async () => {
    const ask = (url: string) => http(url, "POST", "/v1/answers", { json: { question: "Where do I put our VAT number?" } });
    const [fromA, fromB] = await Promise.all([ask(a), ask(b)]);
    expect(fromA.status).toBe(200);
    expect(fromB.status).toBe(fromA.status);
    const comparable = (body: { decision: string; confidence: number; reason?: string; sources: Array<{ id: string }> }) => ({
      decision: body.decision,
      confidence: body.confidence,
      reason: body.reason,
      sources: body.sources.map((s) => s.id),
    });
    expect(comparable(fromB.body)).toEqual(comparable(fromA.body));
  });

  it("catches up from the change log in an API that hears no announcement at all", async () => {
    // Another prefix: this API hears nothing on the workers' channel, as a subscriber that was
    // reconnecting while every announcement went out. Only its periodic check can find the writes.
    const deaf = spawnEntry("api", { ...env, PORT: "0", REDIS_PREFIX: `${env.REDIS_PREFIX!}-deaf`, INDEX_CATCH_UP_INTERVAL_MS: "200" });
    apis.push(deaf);
    const url = await waitForUrl(deaf, 120_000);
    await expect.poll(() => counts(url), { timeout: 30_000, interval: 100 }).toMatchObject({ articles: 4, tickets: 24 });
    const accepted = await http(a, "POST", "/v1/tickets/bulk", { json: { tickets: [ticket("unheard", "Courier left the parcel at the wrong door", "Neighbour two streets away got it")] } });
    expect(await waitForJob(a, accepted.body.jobId)).toMatchObject({ state: "completed" });
    await expect.poll(() => counts(url), { timeout: 30_000, interval: 100 }).toMatchObject({ articles: 4, tickets: 25 });
    expect((await search(url, "parcel delivered to the wrong door", "ticket"))[0]!.id).toBe("unheard");
  });
});
