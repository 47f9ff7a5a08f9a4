import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { groupByIntent, loadBanking77, syntheticTicket } from "./lib/dataset.js";
import { call, ingest, metric, readyCounts } from "./lib/http.js";
import { round, summarise } from "./lib/stats.js";
import { printTable, type Cell } from "./lib/table.js";
import type { Service } from "./lib/service.js";
import { answersPing } from "../src/adapters/redis/ping.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** How often API B is asked for its ticket count: the latency's resolution, and part of API B's CPU. */
const POLL_MS = 5;

/**
 * Scaled mode as deployed: two API processes and a worker on one Redis and one DATA_DIR, a desk of
 * `BASE` tickets imported in bulk, then tickets sent one at a time through one API (`PUT
 * /v1/tickets/:id`, as a help desk's webhook sends each new ticket). Each is timed until the *other*
 * API counts it (write-to-visible latency across replicas), with the CPU each process spent per
 * ticket and how the other API caught up (replayed writes or whole-index loads). During the bulk
 * import, one client searches API B without pause: what its users feel while it catches up.
 */
export async function runScaleOutBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  if (!ctx.plan()) return undefined;
  if (!(await answersPing(REDIS_URL))) {
    ctx.log(`  scaleout: no Redis answers at ${REDIS_URL} (set REDIS_URL); skipped`);
    return undefined;
  }
  const base = ctx.smoke ? 100 : 20_000;
  const single = ctx.smoke ? 5 : 100;
  const data = loadBanking77();
  const byIntent = groupByIntent(data.train);
  const dataDir = await mkdtemp(path.join(tmpdir(), "helpdesk-scaleout-"));
  const env = { REDIS_URL, REDIS_PREFIX: `bench-scaleout-${process.pid}` };
  const services: Service[] = [];
  try {
    const worker = await ctx.startService({ dataDir, entry: "worker", env, label: "scaleout-worker" });
    const [apiA, apiB] = [await ctx.startService({ dataDir, env, label: "scaleout-api-a" }), await ctx.startService({ dataDir, env, label: "scaleout-api-b" })];
    services.push(worker, apiA, apiB);
    ctx.log(`  importing ${base.toLocaleString("en-US")} tickets in bulk through API A, searching API B meanwhile…`);
    let importing = true;
    const searchMs: number[] = [];
    const searching = (async () => {
      for (let i = 0; importing; i++) searchMs.push((await call(apiB.url, "POST", "/v1/search", { query: data.test[i % data.test.length]!.text, kind: "ticket", limit: 5 })).ms);
    })();
    const bulk = await ingest(apiA.url, "tickets", Array.from({ length: base }, (_, i) => syntheticTicket(byIntent, data.intents, i, "desk")), 1000);
    await untilCount(apiB, base);
    importing = false;
    await searching;
    const searchDuringImport = summarise(searchMs);
    ctx.log(`  sending ${single} tickets one at a time through API A, each timed until API B counts it…`);
    const cpuBefore = services.map((service) => service.cpuMs().all);
    const catchUpsBefore = await catchUps(apiB.url);
    const visibleMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < single; i++) {
      const ticket = syntheticTicket(byIntent, data.intents, base + i, "single");
      const sent = performance.now();
      const reply = await call(apiA.url, "PUT", `/v1/tickets/${ticket.id}`, ticket);
      if (reply.status !== 202) throw new Error(`PUT /v1/tickets/${ticket.id} answered ${reply.status}`);
      await untilCount(apiB, base + i + 1);
      visibleMs.push(performance.now() - sent);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuPerTicket = services.map((service, s) => round((service.cpuMs().all - cpuBefore[s]!) / single, 1));
    const catchUpsAfter = await catchUps(apiB.url);
    const visible = summarise(visibleMs);
    const figures = {
      deskTickets: base,
      bulkImport: { seconds: round(bulk.seconds, 1), ticketsPerSecond: round(base / bulk.seconds, 1) },
      searchInOtherApiDuringImportMs: searchDuringImport,
      singleTickets: single,
      singleTicketsPerSecond: round(single / seconds, 1),
      visibleInOtherApiMs: visible,
      cpuMsPerSingleTicket: { worker: cpuPerTicket[0], apiA: cpuPerTicket[1], apiB: cpuPerTicket[2] },
      otherApiCatchUps: Object.fromEntries(Object.entries(catchUpsAfter).map(([via, n]) => [via, n - (catchUpsBefore[via] ?? 0)])),
    };
    printTable(`Scale-out: two APIs and a worker on one Redis and one DATA_DIR, ${base.toLocaleString("en-US")} tickets`, ["figure", "measured"], [
      ["bulk import through API A", `${figures.bulkImport.seconds} s (${figures.bulkImport.ticketsPerSecond}/s)`],
      ["API B /v1/search meanwhile (one client)", `${searchDuringImport.count} searches, p50 ${searchDuringImport.p50} ms, p95 ${searchDuringImport.p95} ms, p99 ${searchDuringImport.p99} ms, max ${searchDuringImport.max} ms`],
      [`${single} tickets sent one at a time`, `${figures.singleTicketsPerSecond}/s, each visible in API B after p50 ${visible.p50} ms, p95 ${visible.p95} ms, max ${visible.max} ms`],
      ["CPU per single ticket", `worker ${cpuPerTicket[0]} ms, API A ${cpuPerTicket[1]} ms, API B ${cpuPerTicket[2]} ms (with the bench's /readyz polls every ${POLL_MS} ms)`],
      ["API B caught up by", Object.entries(figures.otherApiCatchUps).map(([via, n]) => `${via} ${n}`).join(", ")],
    ] as Cell[][]);
    return { name: ctx.smoke ? "smoke-scaleout" : "scaleout", figures };
  } finally {
    for (const service of services) await ctx.stopService(service);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function untilCount(service: Service, tickets: number): Promise<void> {
  const deadline = performance.now() + 600_000;
  while ((await readyCounts(service.url)).tickets < tickets) {
    if (performance.now() > deadline) throw new Error(`${service.url} did not reach ${tickets} tickets within 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The service's catch-up counters by how it caught up (helpdesk_index_catchups). */
async function catchUps(url: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const via of ["log", "snapshot", "repair", "none"]) counts[via] = await metric(url, "helpdesk_index_catchups", `via="${via}"`);
  return counts;
}
