import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { endpointAvailable, readyCounts } from "./lib/http.js";
import { runLoad, type LoadRun } from "./lib/load-runner.js";
import { printTable, type Cell } from "./lib/table.js";
import { questionEndpoints } from "./lib/endpoints.js";

/**
 * Latency and throughput under closed-loop load (autocannon) with the spec's knowledge size indexed:
 * 15,000 tickets and 150 articles. /v1/search runs too, as the retrieval-only reference the other two
 * build on. autocannon runs in the bench process on the same 2 cores, so it takes a share of the CPU.
 */
export async function runLoadBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  const plan = ctx.plan();
  if (!plan) return undefined;
  const connections = ctx.smoke ? [1, 8] : [1, 8, 32];
  const seconds = ctx.smoke ? 1 : ctx.options.duration;
  const { service, ingestions } = await ctx.datasetService("load");
  const counts = await readyCounts(service.url);
  ctx.log(`  indexed: ${counts.articles} articles, ${counts.tickets} tickets`);
  const questions = plan.test.map((e) => e.text);
  const runs: Array<LoadRun & { endpoint: string; rssMbAfter: number }> = [];
  const unavailable: string[] = [];
  const loadStartT = service.sample().t;

  for (const endpoint of questionEndpoints()) {
    const bodies = questions.map(endpoint.body);
    const probe = await endpointAvailable(service.url, endpoint.path, bodies[0]);
    if (!probe.available) {
      ctx.log(`  ${endpoint.path}: endpoint not available (404)`);
      unavailable.push(endpoint.path);
      continue;
    }
    // A short unrecorded run first, so the first measured figure is not the one that pays for cold paths.
    if (!ctx.smoke) await runLoad(service.url, endpoint.path, bodies, 4, 2);
    for (const c of connections) {
      ctx.log(`  ${endpoint.path}: ${c} concurrent for ${seconds} s…`);
      const run = await runLoad(service.url, endpoint.path, bodies, c, seconds);
      runs.push({ endpoint: endpoint.name, ...run, rssMbAfter: service.sample().rssMb });
    }
  }
  const rssSeries = service.samples.filter((s) => s.t >= loadStartT);

  printTable(
    `Load (autocannon, closed loop, ${seconds} s per run) with ${counts.tickets} tickets and ${counts.articles} articles indexed`,
    ["endpoint", "connections", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "RSS MB"],
    runs.map((r): Cell[] => [r.path, r.connections, r.throughput, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max, r.errors, r.rssMbAfter]),
  );
  const rss = rssSeries.map((s) => s.rssMb);
  if (rss.length) ctx.log(`  service RSS during load: ${Math.min(...rss)}–${Math.max(...rss)} MB (sampled every second)`);

  const targets = runs
    .filter((r) => r.endpoint !== "search" && r.connections === 8)
    .map((r) => ({ target: `${r.path}: p95 < 60 ms at 8 concurrent`, measured: `${r.latency.p95} ms`, met: r.latency.p95 < 60 }));
  const errors = runs.reduce((sum, r) => sum + r.errors, 0);
  targets.push({ target: "zero errors", measured: String(errors), met: errors === 0 });
  return {
    name: ctx.smoke ? "smoke-load" : "load",
    figures: { indexed: counts, ingestion: ingestions, seconds, connections, runs, unavailable, rssSeries },
    targets,
    notes: [
      "closed loop: each connection sends its next request when the last one answered; bodies cycle through the BANKING77 test questions",
      "ingestion lists what this run had to ingest to reach the load stage (less when answers/suggestions ran first on the same service)",
    ],
  };
}
