import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import type { DatasetPlan, Example } from "./lib/dataset.js";
import { call, endpointAvailable } from "./lib/http.js";
import { mapLimit } from "./lib/pool.js";
import { share, summarise, type LatencySummary } from "./lib/stats.js";
import { printTable, type Cell } from "./lib/table.js";
import { Bm25Baseline } from "./lib/bm25.js";
import { searchBody, suggestionBody } from "./lib/endpoints.js";

const CONCURRENCY = 4;

interface HitScore {
  questions: number;
  top1Pct: number;
  top5Pct: number;
  failed: number;
  latency?: LatencySummary;
}

/** A hit when a similar ticket's tag is the question's intent (top-1: the first; top-5: any of the first five). */
function score(results: Array<{ example: Example; tags: string[][] | undefined; ms?: number }>): HitScore {
  const ok = results.filter((r) => r.tags !== undefined);
  const hitAt = (k: number) => ok.filter((r) => r.tags!.slice(0, k).some((tags) => tags.includes(r.example.intent))).length;
  const timed = ok.filter((r) => r.ms !== undefined).map((r) => r.ms!);
  return { questions: results.length, top1Pct: share(hitAt(1), ok.length), top5Pct: share(hitAt(5), ok.length), failed: results.length - ok.length, ...(timed.length ? { latency: summarise(timed) } : {}) };
}

interface SuggestionReply {
  similarTickets?: Array<{ id: string; tags?: string[] }>;
  hits?: Array<{ id: string }>;
}

export async function runSuggestionsBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  const plan = ctx.plan();
  if (!plan) return undefined;
  const { service } = await ctx.datasetService("history");
  const tagsById = new Map(plan.historyTickets.map((t) => [t.id, t.tags]));
  const variants: Record<string, HitScore> = {};
  const notes: string[] = [];
  let done = 0;
  const progress = () => ++done % 200 === 0 && ctx.progress(`  ${done}/${plan.test.length} questions`);

  const probe = await endpointAvailable(service.url, "/v1/suggestions", suggestionBody("hello"));
  if (probe.available) {
    ctx.log(`  asking /v1/suggestions for ${plan.test.length} test questions over ${plan.historyTickets.length} solved tickets…`);
    const results = await mapLimit(plan.test, CONCURRENCY, async (example) => {
      // A request that fails (status or connection) counts as failed, as a customer would see it.
      const reply = await call<SuggestionReply>(service.url, "POST", "/v1/suggestions", suggestionBody(example.text)).catch(() => undefined);
      progress();
      if (reply?.status !== 200) return { example, tags: undefined };
      return { example, tags: (reply.body.similarTickets ?? []).map((t) => t.tags ?? tagsById.get(t.id) ?? []), ms: reply.ms };
    });
    variants["service /v1/suggestions similarTickets"] = score(results);
  } else {
    ctx.log("  /v1/suggestions: endpoint not available (404); measuring /v1/search over tickets instead");
    notes.push("/v1/suggestions was not available (404): the service row is /v1/search (kind ticket), which similar tickets are built on");
    const results = await mapLimit(plan.test, CONCURRENCY, async (example) => {
      // A request that fails (status or connection) counts as failed, as a customer would see it.
      const reply = await call<SuggestionReply>(service.url, "POST", "/v1/search", searchBody(example.text, "ticket")).catch(() => undefined);
      progress();
      if (reply?.status !== 200) return { example, tags: undefined };
      return { example, tags: (reply.body.hits ?? []).map((h) => tagsById.get(h.id) ?? []), ms: reply.ms };
    });
    variants["service /v1/search tickets (fallback)"] = score(results);
  }
  ctx.progress("");
  variants["BM25 only (in-process)"] = bm25(plan, tagsById);

  printTable(
    `Similar tickets on BANKING77 (${plan.historyTickets.length} solved tickets tagged with their intent, ${plan.test.length} test questions)`,
    ["variant", "top-1 hit %", "top-5 hit %", "failed", "p50 ms", "p95 ms"],
    Object.entries(variants).map(([name, s]): Cell[] => [name, s.top1Pct, s.top5Pct, s.failed, s.latency?.p50, s.latency?.p95]),
  );
  const service_ = Object.entries(variants).find(([name]) => name.startsWith("service"));
  return {
    name: ctx.smoke ? "smoke-suggestions" : "suggestions",
    figures: { tickets: plan.historyTickets.length, questions: plan.test.length, concurrency: CONCURRENCY, variants },
    targets: service_ ? [{ target: "top-5 hit rate ≥ 95 %", measured: `${service_[1].top5Pct} % (${service_[0]})`, met: service_[1].top5Pct >= 95 }] : [],
    notes: ["a hit = a similar ticket tagged with the test question's intent", ...notes],
  };
}

/** Keyword-only baseline over the same tickets (their question text, as the service indexes it). */
function bm25(plan: DatasetPlan, tagsById: Map<string, string[]>): HitScore {
  const index = new Bm25Baseline(plan.historyTickets.map((t) => ({ id: t.id, text: [t.subject, t.description].filter(Boolean).join("\n") })));
  return score(plan.test.map((example) => ({ example, tags: index.search(example.text, 5).map((hit) => tagsById.get(hit.id) ?? []) })));
}
