/**
 * Microbenchmark of the BM25 keyword index (src/adapters/index/keyword-index.ts) in-process, at the
 * load bench's ticket count: cost per query and BM25-only hit@1/@5 by intent tag, for the questions as
 * the suggestions bench sends them (one sentence) and for long tickets (three questions of one intent in
 * one text, as a subject, a description and a follow-up message would read).
 *
 *   npx tsx bench/keyword-search.micro.ts [--tickets 1000,15000,100000] [--rounds 3]
 */
import { loadavg } from "node:os";
import { KeywordIndex } from "../src/adapters/index/keyword-index.js";
import { ticketQuestionText } from "../src/ingest/prepare.js";
import { buildPlan, FULL_PLAN, groupByIntent, loadBanking77, syntheticTicket, type Example } from "./lib/dataset.js";
import { round, summarise } from "./lib/stats.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const sizes = flag("--tickets", "1000,15000").split(",").map(Number);
const rounds = Number(flag("--rounds", "3"));

const data = loadBanking77();
const plan = buildPlan(data, FULL_PLAN);
const byIntent = groupByIntent(data.train);
const tagById = new Map(plan.loadTickets.map((t) => [t.id, t.tags[0]!]));

/** Long tickets: each test question followed by the next two test questions of the same intent. */
function longQueries(test: Example[]): Example[] {
  const byIntent = new Map<string, Example[]>();
  for (const e of test) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  return test.map((e) => {
    const pool = byIntent.get(e.intent)!;
    const at = pool.indexOf(e);
    const text = [0, 1, 2].map((i) => pool[(at + i) % pool.length]!.text).join("\n");
    return { ...e, text };
  });
}

const querySets = { sentence: plan.test, long: longQueries(plan.test) };

for (const n of sizes) {
  // Every k-th ticket, so a small index still holds every intent (the first tickets are few intents);
  // past the load part's 15,000, synthetic ones as the scale part makes them (a question plus a reference).
  const step = Math.max(1, Math.floor(plan.loadTickets.length / n));
  const tickets = plan.loadTickets.filter((_, i) => i % step === 0).slice(0, n);
  for (let i = tickets.length; i < n; i++) tickets.push(syntheticTicket(byIntent, plan.intents, i, "micro"));
  const index = KeywordIndex.empty();
  for (const t of tickets) index.upsert(t.id, ticketQuestionText(t));
  // The service's hybrid search filters every keyword hit through a metadata lookup.
  const meta = new Map(tickets.map((t) => [t.id, { status: t.status }]));
  const accept = (key: string) => meta.get(key)?.status === "solved";
  for (const [name, queries] of Object.entries(querySets)) {
    const times: number[] = [];
    let hit1 = 0;
    let hit5 = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        const start = performance.now();
        const hits = index.search(q.text, 20, accept);
        times.push(performance.now() - start);
        if (r === 0) {
          if (tagById.get(hits[0]?.key ?? "") === q.intent) hit1++;
          if (hits.slice(0, 5).some((h) => tagById.get(h.key) === q.intent)) hit5++;
        }
      }
    }
    const s = summarise(times);
    process.stdout.write(
      `${String(n).padStart(6)} tickets  ${name.padEnd(8)}  mean ${s.mean.toFixed(3)} ms  p50 ${s.p50} ms  p95 ${s.p95} ms  ` +
        `hit@1 ${round((100 * hit1) / queries.length, 1)} %  hit@5 ${round((100 * hit5) / queries.length, 1)} %  (load ${loadavg()[0]!.toFixed(2)})\n`,
    );
  }
}
