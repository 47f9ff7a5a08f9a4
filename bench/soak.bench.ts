import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { groupByIntent, syntheticTicket } from "./lib/dataset.js";
import { call, endpointAvailable, waitForJobs } from "./lib/http.js";
import { round, slope, summarise } from "./lib/stats.js";
import { printTable, type Cell } from "./lib/table.js";
import { answerBody, searchBody, suggestionBody } from "./lib/endpoints.js";

/** Questions per second: well under the embedder's ceiling on 2 cores, so a rising latency means a leak, not saturation. */
const QUESTION_RATE = 5;
const INGEST_EVERY_S = 30;
const INGEST_BATCH = 20;
const GAP_RUN_EVERY_S = 300;

interface Sample {
  t: number;
  kind: string;
  ok: boolean;
  ms: number;
}

/**
 * Mixed traffic at a steady, sustainable rate for `--minutes` (open loop: requests leave on schedule
 * whether or not earlier ones answered): answers and suggestions (3:2), a bulk of new tickets every
 * 30 s, a gap-report run every 5 minutes when the service has them. Reports errors, p99 and memory per
 * interval, and the memory trend.
 */
export async function runSoakBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  const plan = ctx.plan();
  if (!plan) return undefined;
  const durationS = ctx.smoke ? 2 : ctx.options.minutes * 60;
  const bucketS = ctx.smoke ? 1 : 60;
  const { service } = await ctx.datasetService("history");
  const url = service.url;
  const available = {
    answers: (await endpointAvailable(url, "/v1/answers", answerBody("hello"))).available,
    suggestions: (await endpointAvailable(url, "/v1/suggestions", suggestionBody("hello"))).available,
    gaps: await hasPath(url, "/v1/gaps/runs"),
  };
  ctx.log(`  ${durationS} s of traffic: ${QUESTION_RATE} questions/s (${available.answers ? "answers" : "search (answers 404)"} + ${available.suggestions ? "suggestions" : "search (suggestions 404)"}), ${INGEST_BATCH} tickets every ${INGEST_EVERY_S} s${available.gaps ? `, a gap run every ${GAP_RUN_EVERY_S} s` : ", no gap runs (endpoint not available)"}`);

  const byIntent = groupByIntent(plan.train);
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  const now = () => (performance.now() - start) / 1000;
  const track = (kind: string, work: () => Promise<boolean>) => {
    const t = now();
    const begun = performance.now();
    const p = work()
      .catch(() => false)
      .then((ok) => void samples.push({ t, kind, ok, ms: performance.now() - begun }))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const question = (i: number) => plan.test[i % plan.test.length]!.text;
  const memoryStart = service.sample();

  let sent = 0;
  let ingested = 0;
  let nextIngest = ctx.smoke ? 0.5 : INGEST_EVERY_S;
  let nextGapRun = ctx.smoke ? 1 : GAP_RUN_EVERY_S / 2;
  while (now() < durationS) {
    const due = Math.floor(now() * QUESTION_RATE);
    for (; sent < due; sent++) {
      const i = sent;
      const asAnswer = i % 5 < 3;
      if (asAnswer && available.answers) track("answers", async () => (await call(url, "POST", "/v1/answers", answerBody(question(i)))).status === 200);
      else if (!asAnswer && available.suggestions) track("suggestions", async () => (await call(url, "POST", "/v1/suggestions", suggestionBody(question(i)))).status === 200);
      else track("search", async () => (await call(url, "POST", "/v1/search", searchBody(question(i), asAnswer ? "article" : "ticket"))).status === 200);
    }
    if (now() >= nextIngest) {
      nextIngest += INGEST_EVERY_S;
      const batch = Array.from({ length: INGEST_BATCH }, () => syntheticTicket(byIntent, plan.intents, ingested++, "soak"));
      track("ingest", async () => {
        const reply = await call<{ jobId: string }>(url, "POST", "/v1/tickets/bulk", { tickets: batch });
        if (reply.status !== 202) return false;
        await waitForJobs(url, [reply.body.jobId], 600_000);
        return true;
      });
    }
    if (available.gaps && now() >= nextGapRun) {
      nextGapRun += GAP_RUN_EVERY_S;
      track("gap run", async () => {
        const reply = await call<{ jobId: string }>(url, "POST", "/v1/gaps/runs", {});
        if (reply.status !== 202) return false;
        await waitForJobs(url, [reply.body.jobId], 600_000);
        return true;
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all(pending);
  const memoryEnd = service.sample();

  const memory = service.samples.filter((s) => s.t >= memoryStart.t);
  const buckets = [];
  for (let from = 0; from < durationS; from += bucketS) {
    const inBucket = samples.filter((s) => s.t >= from && s.t < from + bucketS && s.kind !== "ingest" && s.kind !== "gap run");
    const rss = memory.filter((m) => m.t - memoryStart.t < from + bucketS).at(-1)?.rssMb;
    const lat = summarise(inBucket.filter((s) => s.ok).map((s) => s.ms));
    buckets.push({ fromS: from, requests: inBucket.length, errors: inBucket.filter((s) => !s.ok).length, p50: lat.p50, p99: lat.p99, rssMb: rss });
  }
  const byKind = Object.fromEntries(
    [...new Set(samples.map((s) => s.kind))].map((kind) => {
      const of = samples.filter((s) => s.kind === kind);
      return [kind, { count: of.length, errors: of.filter((s) => !s.ok).length, latency: summarise(of.filter((s) => s.ok).map((s) => s.ms)) }];
    }),
  );
  // The trend leaves out the first interval, where caches and the model's buffers fill once.
  const trend = round(slope(memory.filter((m) => m.t - memoryStart.t >= bucketS).map((m) => [(m.t - memoryStart.t) / 60, m.rssMb] as const)), 2);

  printTable(`Soak: ${durationS} s of mixed traffic`, ["from s", "requests", "errors", "p50 ms", "p99 ms", "RSS MB"], buckets.map((b): Cell[] => [b.fromS, b.requests, b.errors, b.p50, b.p99, b.rssMb]));
  printTable("Soak totals", ["kind", "count", "errors", "p50 ms", "p99 ms"], Object.entries(byKind).map(([kind, v]): Cell[] => [kind, v.count, v.errors, v.latency.p50, v.latency.p99]));
  ctx.log(`  memory ${memoryStart.rssMb} MB at start, ${memoryEnd.rssMb} MB at end, trend ${trend} MB/min`);
  const errors = samples.filter((s) => !s.ok).length;
  return {
    name: ctx.smoke ? "smoke-soak" : "soak",
    figures: { durationS, questionRate: QUESTION_RATE, available, byKind, buckets, memory: { startMb: memoryStart.rssMb, endMb: memoryEnd.rssMb, trendMbPerMinute: trend, series: memory } },
    targets: [{ target: "zero errors", measured: String(errors), met: errors === 0 }],
    notes: ["open loop: requests leave on schedule; latency includes any queueing inside the service", "memory trend = least-squares slope of RSS after the first interval"],
  };
}

async function hasPath(url: string, path: string): Promise<boolean> {
  const reply = await call<{ paths?: Record<string, unknown> }>(url, "GET", "/openapi.json");
  return reply.status === 200 && Boolean(reply.body.paths?.[path]);
}
