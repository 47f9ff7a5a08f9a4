import { loadavg } from "node:os";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { LocalUseEmbeddings } from "../src/adapters/embeddings/local-use.embeddings.js";
import { DEFAULT_EMBED_BATCH } from "../src/adapters/embeddings/worker-pool.js";
import { articlePassages, chunkArticle } from "../src/ingest/chunk.js";
import { ticketQuestionText } from "../src/ingest/prepare.js";
import { endpointAvailable, ingest, metric } from "./lib/http.js";
import { runLoad, type LoadRun } from "./lib/load-runner.js";
import { printTable, type Cell } from "./lib/table.js";
import { round } from "./lib/stats.js";
import { questionEndpoints } from "./lib/endpoints.js";

/** The embedder settings the service runs with by default (EMBED_THREADS, EMBED_BATCH, CHUNK_SIZE/OVERLAP). */
const THREADS = 2;
const BATCH = DEFAULT_EMBED_BATCH;
const CHUNKING = { chunkSize: 800, chunkOverlap: 100 };
const CONNECTIONS = 8;

/** The texts the service embeds for one article (its chunks and its short passages, see src/ingest/index-items.ts). */
async function articleTexts(title: string, body: string): Promise<string[]> {
  return [...(await chunkArticle(title, body, CHUNKING)), ...articlePassages(body)];
}

interface RawRate {
  texts: number;
  seconds: number;
  perSecond: number;
  loadAvg: number;
}

/** One pass of the raw embedder over the three kinds of text, in a pool started (and warmed) for it. */
async function rawPass(warmUp: string[], tickets: string[], articleTexts: string[], questions: string[]): Promise<{ tickets: RawRate; articleTexts: RawRate; questions: RawRate }> {
  const embedder = new LocalUseEmbeddings({ threads: THREADS, batchSize: BATCH });
  await embedder.warmUp();
  if (warmUp.length) await embedder.embedVectors(warmUp); // the model's first calls are slower
  const result = { tickets: await timeEmbedding(embedder, tickets), articleTexts: await timeEmbedding(embedder, articleTexts), questions: await timeEmbedding(embedder, questions) };
  await embedder.close();
  return result;
}

async function timeEmbedding(embedder: LocalUseEmbeddings, texts: string[]): Promise<RawRate> {
  const start = performance.now();
  // All at once, as the service's ingestion hands the pool whole rounds: the pool batches and spreads them.
  await embedder.embedVectors(texts);
  const seconds = (performance.now() - start) / 1000;
  return { texts: texts.length, seconds: round(seconds, 2), perSecond: round(texts.length / seconds, 1), loadAvg: round(loadavg()[0]!, 2) };
}

/**
 * The physical ceiling (the raw embedder alone, in this process, while no service runs) next to what
 * the service achieves over HTTP: ingestion (tickets and articles until their jobs complete) and
 * question throughput. Each service figure is a share of the matching raw rate.
 */
export async function runEmbeddingBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  const plan = ctx.plan();
  if (!plan) return undefined;
  const ticketCount = ctx.smoke ? 32 : 1_000;
  // 30 articles are ~450 chunk and passage texts, enough for a stable rate; articles are the slowest
  // texts to embed, and the raw embedder does them twice.
  const articleCount = ctx.smoke ? 1 : 30;
  const questionCount = ctx.smoke ? 32 : 1_000;
  const seconds = ctx.smoke ? 1 : ctx.options.duration;
  const articles = plan.loadArticles.slice(0, articleCount);
  // The service embeds an identical text once; tickets quoted in these articles would ride on the
  // articles' vectors and flatter the ingestion rate.
  const quoted = new Set(articles.flatMap((a) => a.body.split("\n").map((line) => line.replace(/^- /, ""))));
  const tickets = plan.loadTickets.filter((t) => !quoted.has(t.subject)).slice(0, ticketCount);
  const questions = plan.test.slice(0, questionCount).map((e) => e.text);
  const ticketTexts = tickets.map((t) => ticketQuestionText(t));
  // Unique, as the service embeds each distinct text once.
  const chunks = [...new Set((await Promise.all(articles.map((a) => articleTexts(a.title, a.body)))).flat())];

  ctx.log(`  raw embedder (threads ${THREADS}, batch ${BATCH}) on ${ticketTexts.length} ticket texts, ${chunks.length} article texts (chunks and passages), ${questions.length} questions…`);
  const rawBefore = await rawPass(plan.train.slice(0, BATCH * THREADS * 2).map((e) => e.text), ticketTexts, chunks, questions);
  ctx.log("  starting the service and ingesting the same tickets and articles over HTTP…");
  const service = await ctx.startService({ label: "embedding" });
  const embedded = () => metric(service.url, "helpdesk_embedded_texts_total");
  let before = await embedded();
  const ticketRun = await ingest(service.url, "tickets", tickets, 1000);
  const ticketTextsEmbedded = (await embedded()) - before;
  before = await embedded();
  const articleRun = await ingest(service.url, "articles", articles, 1000);
  const articleTextsEmbedded = (await embedded()) - before;

  const service_ = {
    tickets: { items: tickets.length, seconds: round(ticketRun.seconds, 2), perSecond: round(tickets.length / ticketRun.seconds, 1), textsEmbedded: ticketTextsEmbedded, refitSeconds: round(ticketRun.followUpSeconds, 2) },
    articles: { items: articles.length, seconds: round(articleRun.seconds, 2), perSecond: round(articles.length / articleRun.seconds, 1), textsEmbedded: articleTextsEmbedded, textsPerSecond: round(articleTextsEmbedded / articleRun.seconds, 1) },
  };
  const runs: Array<LoadRun & { name: string; cpuMsPerRequest: { mainThread: number; allThreads: number }; textsPerQuestionCall: number }> = [];
  // Mean size of the model calls that carried questions: how well the pool grouped them.
  const questionCalls = async () => ({
    texts: await metric(service.url, "helpdesk_embedding_call_texts_sum", 'priority="question"'),
    calls: await metric(service.url, "helpdesk_embedding_call_texts_count", 'priority="question"'),
  });
  for (const endpoint of questionEndpoints()) {
    const probe = await endpointAvailable(service.url, endpoint.path, endpoint.body(questions[0]!));
    if (!probe.available) {
      ctx.log(`  ${endpoint.path}: endpoint not available (404)`);
      continue;
    }
    ctx.log(`  ${endpoint.path}: ${CONNECTIONS} concurrent for ${seconds} s…`);
    const callsBefore = await questionCalls();
    const cpuBefore = service.cpuMs();
    const run = await runLoad(service.url, endpoint.path, questions.map(endpoint.body), CONNECTIONS, seconds);
    const cpuAfter = service.cpuMs();
    const callsAfter = await questionCalls();
    const perRequest = (ms: number) => round(ms / Math.max(run.requests, 1), 2);
    const textsPerQuestionCall = round((callsAfter.texts - callsBefore.texts) / Math.max(callsAfter.calls - callsBefore.calls, 1), 2);
    runs.push({ name: endpoint.name, ...run, cpuMsPerRequest: { mainThread: perRequest(cpuAfter.main - cpuBefore.main), allThreads: perRequest(cpuAfter.all - cpuBefore.all) }, textsPerQuestionCall });
  }
  await ctx.stopService(service);
  // Measured again after the service stopped: on a shared machine the ceiling moves with other work,
  // and the better of the two raw passes is the one the service is held to.
  // (smoke keeps one pass: its figures prove the harness runs, nothing more)
  if (!ctx.smoke) ctx.log("  raw embedder again…");
  const rawAfter = ctx.smoke ? rawBefore : await rawPass([], ticketTexts, chunks, questions);
  const best = (a: RawRate, b: RawRate) => (a.perSecond >= b.perSecond ? a : b);
  const raw = { tickets: best(rawBefore.tickets, rawAfter.tickets), articleTexts: best(rawBefore.articleTexts, rawAfter.articleTexts), questions: best(rawBefore.questions, rawAfter.questions) };
  const rawArticlesPerSecond = round(articles.length / raw.articleTexts.seconds, 1);
  const throughput = runs.map((run) => ({ ...run, shareOfRaw: round((100 * run.throughput) / raw.questions.perSecond, 1) }));

  const ticketShare = round((100 * service_.tickets.perSecond) / raw.tickets.perSecond, 1);
  const articleShare = round((100 * service_.articles.perSecond) / rawArticlesPerSecond, 1);
  const rows: Cell[][] = [
    ["tickets ingested", `${service_.tickets.perSecond}/s`, `${raw.tickets.perSecond}/s`, `${ticketShare} %`, `${tickets.length} tickets, ${ticketTextsEmbedded} texts embedded; confidence refit after: ${service_.tickets.refitSeconds} s`],
    ["articles ingested", `${service_.articles.perSecond}/s`, `${rawArticlesPerSecond}/s`, `${articleShare} %`, `${articles.length} articles; service embedded ${articleTextsEmbedded} texts, raw ${chunks.length}`],
    ...throughput.map((t): Cell[] => [`${t.name} answered (${CONNECTIONS} conc.)`, `${t.throughput}/s`, `${raw.questions.perSecond}/s`, `${t.shareOfRaw} %`, `p95 ${t.latency.p95} ms, ${t.errors} errors; CPU per request ${t.cpuMsPerRequest.mainThread} ms main thread, ${t.cpuMsPerRequest.allThreads} ms in all; ${t.textsPerQuestionCall} questions per model call`]),
  ];
  printTable(`Embedding ceiling: service over HTTP vs the raw embedder (threads ${THREADS}, batch ${BATCH})`, ["figure", "service", "raw embedder", "share", "detail"], rows);

  const targets = [
    { target: "ticket ingestion ≥ 85 % of the raw embedder rate", measured: `${ticketShare} %`, met: ticketShare >= 85 },
    { target: "article ingestion ≥ 85 % of the raw embedder rate", measured: `${articleShare} %`, met: articleShare >= 85 },
    ...throughput.filter((t) => t.name !== "search").map((t) => ({ target: `${t.name} throughput ≥ 80 % of the raw embedder rate`, measured: `${t.shareOfRaw} %`, met: t.shareOfRaw >= 80 })),
  ];
  return {
    name: ctx.smoke ? "smoke-embedding" : "embedding",
    figures: { settings: { threads: THREADS, batch: BATCH, chunking: CHUNKING, connections: CONNECTIONS }, raw, rawPasses: { before: rawBefore, after: rawAfter }, rawArticlesPerSecond, service: service_, ticketShare, articleShare, throughput },
    targets,
    notes: [
      "cpuMsPerRequest: the service's CPU time during the run (main thread: HTTP, retrieval, drafting; all threads: the embedding workers too) over the requests answered, from /proc; the raw embedder's own cost per question is 2 cores / its rate",
      "textsPerQuestionCall: mean texts per model call that carried questions during the run (helpdesk_embedding_call_texts, priority question); the raw pass's calls hold the batch size",
      "raw = LocalUseEmbeddings in the bench process while no service runs, measured before and after the service; the better pass is the ceiling. service = the API process over HTTP, from the first bulk POST until the last job completed (tickets searchable); the answer-confidence refit the import then queues is its own job, timed separately (refitSeconds) and waited for before the next measurement",
      "question throughput is compared with the raw rate on the same question texts; each request asks for one vector and the pool groups the questions waiting at that moment into one model call (up to the batch size), the raw run hands it all the questions at once, which the pool cuts into batches of similar length; the query cache is off (QUERY_CACHE_SIZE=0) because the questions repeat after 1,000",
    ],
  };
}
