import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { loadConfig } from "../src/config/env.js";
import { startApiProcess, type ApiProcess } from "../src/main/api-process.js";
import { prepareTicket, ticketQuestionText } from "../src/ingest/prepare.js";
import { textHash } from "../src/ingest/content-hash.js";
import { seededRandom, seededShuffle } from "../src/shared/random.js";
import { normalize } from "../src/gaps/vectors.js";
import { waitForIdle } from "./lib/http.js";

interface Example { text: string; category: string }
type Json = Record<string, unknown>;

const HELD_OUT = 20;
const SEED = 77;
/** Further held-out draws, run on the same tickets after the main one: how much the figures vary by draw. */
const EXTRA_SEEDS = [1, 2, 3, 4, 5];
const DAY = 24 * 3600 * 1000;

async function call(baseUrl: string, method: string, urlPath: string, json?: unknown, attempt = 1): Promise<Json> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${urlPath}`, { method, headers: json ? { "content-type": "application/json" } : {}, body: json ? JSON.stringify(json) : undefined });
  } catch (error) {
    // An embedded service busy with a long synchronous step (Louvain at 100k) can drop a kept-alive
    // connection; polling simply tries again.
    if (attempt >= 20) throw error;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return call(baseUrl, method, urlPath, json, attempt + 1);
  }
  const body = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitForJob(baseUrl: string, jobId: string): Promise<void> {
  for (;;) {
    const job = await call(baseUrl, "GET", `/v1/jobs/${jobId}`);
    if (job.state === "completed") return;
    if (job.state === "failed") throw new Error(`job ${jobId} failed: ${String(job.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Tickets in bulk requests of 1,000, each import finished before the next is sent. */
async function postTickets(baseUrl: string, tickets: unknown[]): Promise<void> {
  for (let i = 0; i < tickets.length; i += 1000) await waitForJob(baseUrl, String((await call(baseUrl, "POST", "/v1/tickets/bulk", { tickets: tickets.slice(i, i + 1000) })).jobId));
}

const humanize = (intent: string) => intent.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

async function runGap(baseUrl: string, since: Date, until: Date): Promise<{ report: Json; seconds: number }> {
  // An import's follow-up (the answer-confidence refit) would otherwise run first and count as the gap run's time.
  await waitForIdle(baseUrl);
  const started = performance.now();
  const run = await call(baseUrl, "POST", "/v1/gaps/runs", { since: since.toISOString(), until: until.toISOString() });
  await waitForJob(baseUrl, String(run.jobId));
  const seconds = (performance.now() - started) / 1000;
  return { report: await call(baseUrl, "GET", `/v1/gaps/runs/${String(run.runId)}`), seconds };
}

/**
 * Banking77 protocol: articles for 57 intents, 20 intents held out (seeded), every test question a
 * ticket over four weeks, one gap run over HTTP. A gap is right when at least half its tickets share
 * one held-out intent. With `history`, the training questions are solved tickets before the window
 * first (see historyFor), as a help desk in use has. Then the timing at `scaleTickets` synthetic
 * tickets (perturbed copies of the test questions and their vectors, written straight into the
 * service's store).
 */
export async function runGapsBench(options: { datasetDir: string; scaleTickets?: number; baseUrl?: string; history?: boolean; historyLinkShare?: number }): Promise<Record<string, unknown>> {
  const read = (file: string) => parse(readFileSync(path.join(options.datasetDir, file), "utf8"), { columns: true }) as Example[];
  const train = read("train.csv");
  const test = read("test.csv");
  const intents = [...new Set(test.map((e) => e.category))].sort();
  // A fixed seed: the same 20 intents are held out on every machine.
  const heldOut = new Set(seededShuffle(intents, SEED).slice(0, HELD_OUT));
  console.log(`gaps bench: held-out intents (seed ${SEED}): ${[...heldOut].join(", ")}`);

  let api: ApiProcess | undefined;
  let dataDir: string | undefined;
  let baseUrl = options.baseUrl;
  if (!baseUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "gaps-bench-"));
    api = await startApiProcess(loadConfig({ PORT: "0", LOG_LEVEL: "warn", DATA_DIR: dataDir }));
    baseUrl = api.url;
  }
  try {
    const articlesFor = (held: Set<string>) => intents.filter((i) => !held.has(i)).map((intent) => ({
      id: `b77-${intent}`,
      title: humanize(intent),
      body: `What to know about ${humanize(intent).toLowerCase()}.\n\nCustomers ask us things like:\n${train.filter((e) => e.category === intent).slice(0, 12).map((e) => `- ${e.text}`).join("\n")}`,
    }));
    const articles = articlesFor(heldOut);
    const until = new Date();
    const random = seededRandom(SEED + 1);
    const tickets = test.map((e, i) => ({ id: `b77-t${i}`, subject: e.text, description: "", status: "open", createdAt: new Date(until.getTime() - 1000 - Math.floor(random() * 28 * DAY)).toISOString() }));
    const ingestStart = performance.now();
    await waitForJob(baseUrl, String((await call(baseUrl, "POST", "/v1/articles/bulk", { articles })).jobId));
    await postTickets(baseUrl, tickets);
    // History: every training question as a ticket solved two months before the window (outside it
    // and outside the growth period before it), linked to its intent's article when the draw has one;
    // `historyLinkShare` < 1 leaves a seeded share of those unlinked, as agents who do not always link.
    const linkDraw = seededRandom(SEED + 3);
    const linked = train.map(() => linkDraw() < (options.historyLinkShare ?? 1));
    // `only`: just the tickets of these intents (a later draw re-sends those whose article came or went).
    const historyFor = (held: Set<string>, only?: Set<string>) =>
      train.flatMap((e, i) => (only && !only.has(e.category) ? [] : [{ id: `b77-h${i}`, subject: e.text, description: "", status: "solved", createdAt: new Date(until.getTime() - 60 * DAY - i * 60_000).toISOString(), ...(held.has(e.category) || !linked[i] ? {} : { articleIds: [`b77-${e.category}`] }) }]));
    let calibration: Json | undefined;
    if (options.history) {
      await postTickets(baseUrl, historyFor(heldOut));
      // The confidence refit an import queues must finish before the gap run reads it.
      await waitForIdle(baseUrl);
      calibration = await call(baseUrl, "GET", "/v1/answers/calibration");
      const linkRate = (calibration.coverage as Json | undefined)?.linkRate;
      console.log(`gaps bench: history of ${train.length} solved tickets, confidence calibrated from ${String(calibration.source)}, estimated link rate ${String(linkRate)}`);
    }
    const ingestSeconds = (performance.now() - ingestStart) / 1000;

    const since = new Date(until.getTime() - 28 * DAY - 60_000);
    const { report, seconds } = await runGap(baseUrl, since, new Date(until.getTime() + 60_000));
    const intentOf = new Map(tickets.map((t, i) => [t.id, test[i]!.category]));
    const { precision, recall, gaps, detail } = scoreReport(report, intentOf, heldOut);
    const result: Json = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      heldOutIntents: [...heldOut],
      ticketsIngested: tickets.length,
      ...(options.history ? { historyTickets: train.length, historyLinkShare: options.historyLinkShare ?? 1, calibration: calibration?.source, estimatedLinkRate: (calibration?.coverage as Json | undefined)?.linkRate } : {}),
      articles: articles.length,
      ingestSeconds: Math.round(ingestSeconds),
      gapsReported: gaps,
      precision,
      recall,
      runSeconds: Math.round(seconds * 10) / 10,
      runStats: report.stats,
      topicsFound: report.topicsFound,
      coveredTopics: report.coveredTopics,
      noiseShare: report.noiseShare,
      gaps: detail,
    };
    console.log(`gaps bench: precision ${String(result.precision)}, recall ${String(result.recall)}, ${gaps} gaps, run ${String(result.runSeconds)} s`);
    const others = await otherDraws(baseUrl, articlesFor, new Set(articles.map((a) => a.id)), intentOf, since, new Date(until.getTime() + 60_000), options.history ? historyFor : undefined);
    const all = [{ precision, recall }, ...(others.draws as Array<{ precision: number; recall: number }>)];
    const meanOf = (key: "precision" | "recall") => Math.round((1000 * all.reduce((sum, d) => sum + d[key], 0)) / all.length) / 1000;
    result.otherDraws = others;
    result.meanOfAllDraws = { draws: all.length, precision: meanOf("precision"), recall: meanOf("recall") };
    if (api && (options.scaleTickets ?? 100_000) > 0) result.scale = await scaleRun(api, baseUrl, test, options.scaleTickets ?? 100_000, until);
    return result;
  } finally {
    await api?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** A reported gap is right when at least half its tickets share one held-out intent; "covered" entries are not gaps. */
function scoreReport(report: Json, intentOf: Map<string, string>, heldOut: Set<string>) {
  const gaps = (report.gaps as Array<{ label: string; status: string; ticketIds: string[]; coverage?: Json }>).filter((gap) => gap.status !== "covered");
  const found = new Set<string>();
  let right = 0;
  const detail = gaps.map((gap) => {
    const counts = new Map<string, number>();
    for (const id of gap.ticketIds) counts.set(intentOf.get(id) ?? "?", (counts.get(intentOf.get(id) ?? "?") ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
    const ok = heldOut.has(top) && n * 2 >= gap.ticketIds.length;
    if (ok) {
      right++;
      found.add(top);
    }
    // The leading intents with their ticket counts: what a mixed gap is made of.
    const composition = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).slice(0, 3));
    return { label: gap.label, tickets: gap.ticketIds.length, majorityIntent: top, share: Math.round((100 * n) / Math.max(1, gap.ticketIds.length)) / 100, right: ok, composition, coverage: gap.coverage };
  });
  return { precision: gaps.length ? Math.round((1000 * right) / gaps.length) / 1000 : 0, recall: found.size / HELD_OUT, gaps: gaps.length, detail };
}

/**
 * The same protocol with other held-out draws, on the tickets already ingested: articles of the
 * newly held-out intents are deleted, those of the newly covered ones added, and the analysis runs again.
 */
async function otherDraws(baseUrl: string, articlesFor: (held: Set<string>) => Array<{ id: string }>, live: Set<string>, intentOf: Map<string, string>, since: Date, until: Date, historyFor?: (held: Set<string>, only: Set<string>) => unknown[]): Promise<Json> {
  const intents = [...new Set(intentOf.values())].sort();
  const draws: Json[] = [];
  for (const seed of EXTRA_SEEDS) {
    const heldOut = new Set(seededShuffle(intents, seed).slice(0, HELD_OUT));
    const wanted = articlesFor(heldOut);
    const wantedIds = new Set(wanted.map((a) => a.id));
    // Intents whose article this draw deletes or adds (article ids are `b77-<intent>`).
    const changed = new Set([...live, ...wantedIds].filter((id) => live.has(id) !== wantedIds.has(id)).map((id) => id.slice("b77-".length)));
    for (const id of [...live].filter((id) => !wantedIds.has(id))) {
      await waitForJob(baseUrl, String((await call(baseUrl, "DELETE", `/v1/articles/${encodeURIComponent(id)}`)).jobId));
      live.delete(id);
    }
    const added = wanted.filter((a) => !live.has(a.id));
    if (added.length) await waitForJob(baseUrl, String((await call(baseUrl, "POST", "/v1/articles/bulk", { articles: added })).jobId));
    for (const a of added) live.add(a.id);
    // The history's links follow the draw's articles: the tickets of intents whose article came or went
    // are sent again. Their count does not change, so a fit on history is not redone (a refit waits for
    // history to grow or shrink by a tenth, unless calibration is on the default); the evidence the
    // probe reads is the index's, with the new links.
    if (historyFor) await postTickets(baseUrl, historyFor(heldOut, changed));
    const { report } = await runGap(baseUrl, since, until);
    const { precision, recall, gaps } = scoreReport(report, intentOf, heldOut);
    draws.push({ seed, precision, recall, gaps });
    console.log(`gaps bench: draw ${seed}: precision ${precision}, recall ${recall}, ${gaps} gaps`);
  }
  const mean = (key: string) => Math.round((1000 * draws.reduce((sum, d) => sum + (d[key] as number), 0)) / draws.length) / 1000;
  return { draws, meanPrecision: mean("precision"), meanRecall: mean("recall") };
}

const FILLERS = ["Hi,", "Hello team,", "Quick question:", "Please help.", "Thanks in advance.", "This is urgent.", "Any update?", "Regards", "I need help:", "Sorry to bother you,"];

/**
 * Timing at scale: synthetic tickets recombine a test question with filler phrases; each vector is
 * the question's vector plus Gaussian noise (cosine ≈ 0.95 to it), cached under the new text so the
 * run needs no model time. They go straight into the service's store and are analysed over HTTP.
 */
async function scaleRun(api: ApiProcess, baseUrl: string, test: Example[], count: number, until: Date): Promise<Json> {
  const store = api.core.store;
  const model = api.core.embedder.modelId;
  const random = seededRandom(SEED + 2);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  // The vectors indexing stored for the ingested test tickets (keyed by their stored, redacted text).
  const baseVectors = test.map((_, i) => {
    const stored = store.get("ticket", `b77-t${i}`);
    const vector = stored && store.getVector(`${model}:${textHash(ticketQuestionText(stored))}`);
    if (!vector) throw new Error(`no cached vector for ticket b77-t${i}`);
    return vector;
  });
  for (let start = 0; start < count; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - start) }, (_, j) => {
      const i = start + j;
      const base = i % test.length;
      const text = `${FILLERS[i % FILLERS.length]} ${test[base]!.text} (#${i})`;
      const ticket = prepareTicket({ id: `scale-${i}`, subject: text, description: "", status: "open", createdAt: new Date(until.getTime() - 1000 - Math.floor(random() * 28 * DAY)).toISOString() }, (s) => s);
      const vector = normalize(Float32Array.from(baseVectors[base]!, (x) => x + gauss() * 0.014));
      return { ticket, vector };
    });
    await store.putMany("ticket", batch.map((b) => b.ticket));
    await store.putVectors(batch.map((b) => [`${model}:${textHash(ticketQuestionText(b.ticket))}`, b.vector]));
  }
  const { report, seconds } = await runGap(baseUrl, new Date(until.getTime() - 28 * DAY - 60_000), new Date(until.getTime() + 60_000));
  return { tickets: report.ticketsAnalyzed, runSeconds: Math.round(seconds * 10) / 10, stats: report.stats, topicsFound: report.topicsFound, gapsReported: (report.gaps as unknown[]).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = Number(process.argv.find((a) => a.startsWith("--scale="))?.slice(8) ?? 100_000);
  const linkShare = Number(process.argv.find((a) => a.startsWith("--history-links="))?.slice(16) ?? 1);
  const result = await runGapsBench({ datasetDir: process.argv[2] ?? "../shared/datasets/banking77", scaleTickets: scale, history: process.argv.includes("--history"), historyLinkShare: linkShare });
  console.log(JSON.stringify(result, null, 2));
}
