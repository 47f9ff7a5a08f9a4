import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import type { KnowledgeIndex } from "../adapters/index/knowledge-index.js";
import type { Logger } from "../shared/logger.js";
import { articlePassages, chunkArticle, type ChunkOptions } from "../ingest/chunk.js";
import { embedWithCache } from "../ingest/embed-cache.js";
import { collectWindow, type Period } from "./collect.js";
import { edgeFloorOf, findTopics, GAP_JOIN_DENSITY, meanPairwiseSimilarity, similarityBaseline } from "./topics.js";
import { coveredSubjectOf, joinLinkedGroups } from "./siblings.js";
import { commonCode, joinSharingCode } from "./codes.js";
import { centroid, dot, matrixFrom, row, type VectorMatrix } from "./vectors.js";
import { articleVotes, chunkHomes, isAnswerable, scoreCoverage, type ArticleChunkVector, type Coverage } from "./coverage.js";
import { contentStems, LEXICAL_DIMENSIONS, LexicalSpace } from "./lexical.js";
import { nearestLookup, type Edge } from "./knn-graph.js";
import { assignToTopics, topicShape, type TopicShape } from "./assign.js";
import type { GapDrafter } from "./draft.js";
import type { GapReport, RunRequest } from "./gap.schema.js";
import { GapStore } from "./gap-store.js";
import { buildReport, type AnalysedTopic } from "./report-builder.js";
import { createYielder } from "./yielder.js";
import { bisect, openHalfOf, proportionZ, splitHolds, splitZ, type JudgedHalf } from "./split.js";

export interface GapDeps {
  store: KnowledgeStore;
  embedder: Embedder;
  index: () => KnowledgeIndex;
  chunking: ChunkOptions;
  logger: Logger;
  drafter?: GapDrafter;
  /**
   * Per question, the probability that the instant-answer policy's best article answers it; undefined
   * until the policy is fitted on history. Wired by the answers capability when present.
   */
  answerability?: (texts: string[]) => Promise<number[] | undefined>;
  /** Write gap.created / gap.covered events to the webhook outbox (only when a receiver is configured). */
  emitEvents?: boolean;
  now?: () => Date;
}

/**
 * Five is the smallest group that reads as a pattern rather than coincidence in a month of tickets,
 * and the smallest a content team would write an article for; callers can raise it for big desks.
 */
export const DEFAULT_MIN_TICKETS = 5;
const DAY = 24 * 3600 * 1000;
const EMBED_ROUND = 1000;
/** Members per topic sent to the article index and to the policy: enough for a majority vote. */
const COVERAGE_SAMPLE = 25;

export async function runGapAnalysis(deps: GapDeps, runId: string, request: RunRequest, onProgress: (done: number, total: number) => Promise<void>, signal?: AbortSignal): Promise<GapReport> {
  const started = Date.now();
  const phases: Record<string, number> = {};
  let phaseStart = started;
  const phase = (name: string) => {
    phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  let peakRss = process.memoryUsage().rss;
  const checkpoint = async (done: number) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await onProgress(Math.round(done), 100);
  };
  const now = deps.now?.() ?? new Date();
  const until = request.until ? new Date(request.until) : now;
  const period: Period = { since: request.since ? new Date(request.since) : new Date(until.getTime() - 30 * DAY), until };
  const minTickets = request.minTickets ?? DEFAULT_MIN_TICKETS;

  const chunks = await articleChunks(deps);
  const articleIds = new Set(chunks.map((c) => c.articleId));
  const window = collectWindow(deps.store, period, articleIds);
  const items = window.current;
  await checkpoint(2);
  phase("collectMs");

  const vectors: Float32Array[] = [];
  for (let i = 0; i < items.length; i += EMBED_ROUND) {
    vectors.push(...(await embedWithCache(deps.store, deps.embedder, items.slice(i, i + EMBED_ROUND).map((item) => item.text))));
    await checkpoint(2 + (23 * Math.min(i + EMBED_ROUND, items.length)) / Math.max(1, items.length));
  }
  const matrix = matrixFrom(vectors, deps.embedder.dimensions);
  vectors.length = 0;
  // Topics are found, and coverage judged, on meaning and words together (see lexical.ts); centroids,
  // shapes and gap identity stay in the sentence model's space, which does not change between runs.
  const itemStems = items.map((item) => contentStems(item.text));
  const words = LexicalSpace.fit(itemStems);
  const combined = combinedMatrix(matrix, itemStems, words);
  phase("vectorsMs");
  const found = await findTopics(combined, { minSize: minTickets, signal, onProgress: (done, total) => checkpoint(25 + (50 * done) / total) });
  await checkpoint(76);
  phase("topicsMs");
  Object.assign(phases, found.timings);

  const centroids = found.topics.map((members) => centroid(matrix, members));
  const shapes = found.topics.map((members, t) => topicShape(matrix, members, centroids[t]!));
  const homes = chunkHomes(chunks, centroids, edgeFloorOf(similarityBaseline(matrix)));
  const pieceVectors = chunks.map((piece) => words.combine(piece.vector, contentStems(piece.text)));
  const nearestPiece = nearestLookup(pieceVectors, combined.dimensions);
  const nearestArticlePiece = (member: number) => {
    const hit = nearestPiece(row(combined, member));
    return hit && { articleId: chunks[hit.row]!.articleId, score: hit.similarity };
  };
  const answerVectors = await embedWithCache(deps.store, deps.embedder, window.answers.map((a) => a.text));
  const answerTopics = assignToTopics(answerVectors, shapes);
  const linkedArticles = deps.index().linkedArticleIds();
  const answersByTopic = new Map<number, boolean[]>();
  window.answers.forEach((answer, a) => {
    const t = answerTopics[a]!;
    if (t < 0 || answer.at < period.since.getTime()) return;
    const list = answersByTopic.get(t) ?? [];
    list.push(answer.failed);
    answersByTopic.set(t, list);
  });
  const analysed: AnalysedTopic[] = [];
  const topicVotes: Array<Map<string, number>> = [];
  const yieldTurn = createYielder(signal);
  for (const [t, members] of found.topics.entries()) {
    await yieldTurn();
    const byCentrality = mostCentralFirst(matrix, members, centroids[t]!);
    const votes = articleVotes(byCentrality.slice(0, COVERAGE_SAMPLE), found.reach, nearestArticlePiece);
    const { coverage, answerability } = await topicCoverage(deps, matrix, byCentrality, { items, linkedArticles, homes: homes.get(t) ?? new Map(), votes, answers: answersByTopic.get(t) ?? [] });
    const unanswered = coverage.reason === "policy" && !coverage.covered ? await unansweredMembers(deps, byCentrality, answerability ?? [], items, minTickets) : undefined;
    if (unanswered) analysed.push({ ...topicOf(matrix, unanswered), coverage });
    else analysed.push({ members: byCentrality, centroid: centroids[t]!, shape: shapes[t]!, coverage });
    topicVotes.push(votes);
    if (t % 20 === 19) await checkpoint(76 + (14 * t) / found.topics.length);
  }
  const absorbed = coverFragmentsOfCovered(analysed, topicVotes, found.edges);
  const candidates: Array<{ t: number; split: HalfSplit }> = [];
  // Every covered topic cut in two is one test: the candidates are picked by the same votes the test
  // then compares, so the family to correct for is all the topics examined, not only the candidates.
  let examined = 0;
  for (const [t, topic] of analysed.entries()) {
    if (!topic.coverage.covered || topic.coverage.reason !== "article_match" || absorbed.has(t) || topicVotes[t]!.size === 0) continue;
    await yieldTurn();
    const halves = bisect(combined, topic.members, minTickets);
    if (!halves) continue;
    examined++;
    const split = uncoveredHalf(topic, halves, { matrix, combined, cohesion: found.cohesion, reach: found.reach, nearestArticlePiece });
    if (split) candidates.push({ t, split });
  }
  const zBar = splitZ(examined);
  for (const { t, split } of candidates) {
    if (!splitHolds(split.z, split.zNearest, zBar)) continue;
    analysed[t] = split.covered;
    const { coverage } = await topicCoverage(deps, matrix, split.open.members, { items, linkedArticles, homes: new Map(), votes: split.open.votes, answers: [] });
    analysed.push({ ...split.open.topic, coverage });
    topicVotes.push(split.open.votes);
  }
  const joined = joinUncoveredSiblings(analysed, found.edges, matrix, (i) => items[i]!.text);
  const reportTopics = joined.topics;
  const answerTopicsJoined = answerTopics.map((t) => (t < 0 ? t : joined.newIndex[t]!));
  await checkpoint(90);
  phase("coverageMs");

  const previousVectors = await embedWithCache(deps.store, deps.embedder, window.previous.map((p) => p.text));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const gapStore = new GapStore(deps.store.kv);
  const { report, states, events } = await buildReport({
    runId, now, period, minTickets, items, window, topics: reportTopics, chunks, answerTopics: answerTopicsJoined,
    previousTopics: (shapesOf: TopicShape[]) => assignToTopics(previousVectors, shapesOf),
    states: [...gapStore.listStates()], store: deps.store, drafter: deps.drafter,
    stats: { durationMs: 0, peakRssMb: 0, edgeFloor: round(found.edgeFloor), resolution: round(found.resolution), minTickets },
  });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  phase("reportMs");
  report.stats.phases = phases;
  report.stats.durationMs = Date.now() - started;
  report.stats.peakRssMb = Math.round(peakRss / 1024 / 1024);
  await gapStore.completeRun(report, states, deps.emitEvents ? events : []);
  await checkpoint(100);
  deps.logger.info({ runId, tickets: report.ticketsAnalyzed, topics: report.topicsFound, gaps: report.gaps.length, ms: report.stats.durationMs, peakRssMb: report.stats.peakRssMb }, "gap analysis finished");
  return report;
}

/**
 * An uncovered fragment of a covered subject (see coveredSubjectOf) takes the covered topic's article,
 * when only the article match spoke against it: solved-ticket links, failing instant answers and the
 * policy's verdict are direct evidence and stand.
 */
function coverFragmentsOfCovered(topics: AnalysedTopic[], votes: ReadonlyArray<ReadonlyMap<string, number>>, edges: readonly Edge[]): Set<number> {
  const absorbed = new Set<number>();
  const coveredBy = topics.map((topic) => (topic.coverage.covered ? topic.coverage.coveredBy : undefined));
  const subject = coveredSubjectOf(
    topics.map((topic) => topic.members),
    topics.map((topic) => topic.coverage.covered),
    edges,
    GAP_JOIN_DENSITY,
    (fragment, covered) => topics[fragment]!.coverage.reason === "no_article" && coveredBy[covered] !== undefined && (votes[fragment]!.get(coveredBy[covered]!) ?? 0) > 0,
  );
  subject.forEach((covered, t) => {
    if (covered < 0) return;
    const coverage = topics[t]!.coverage;
    topics[t]!.coverage = { ...coverage, covered: true, reason: "article_match", coveredBy: coveredBy[covered]!, score: Math.round(1000 * (votes[t]!.get(coveredBy[covered]!) ?? 0)) / 1000 };
    absorbed.add(t);
  });
  return absorbed;
}

interface HalfContext {
  matrix: VectorMatrix;
  combined: VectorMatrix;
  /** The cohesion bar topics are held to (see findTopics). */
  cohesion: number;
  reach: Float32Array;
  nearestArticlePiece: (member: number) => { articleId: string; score: number } | undefined;
}

/**
 * A topic the article vote calls covered can be two questions, one the article answers and a close
 * sibling it does not: at the density topics are found at, USE-lite puts such siblings in one
 * community, and the sibling's members are outvoted. Given the topic cut in two (split.ts): when one half
 * is covered by the vote and the other is not, or both by the same article (openHalfOf), and the open
 * half is cohesive on its own, the halves are a candidate
 * split; it is made when the open half finds the covering article significantly less often, with
 * the significance corrected for the number of candidates of the run (splitZ), and when that holds
 * together with how often each half has the article as its nearest at all (splitHolds). Halves of one
 * homogeneous covered topic differ only by sampling, which the test absorbs.
 */
interface HalfSplit {
  covered: AnalysedTopic;
  open: { topic: Omit<AnalysedTopic, "coverage">; members: number[]; votes: Map<string, number> };
  /** How much less often the open half finds the covering article (two-proportion z). */
  z: number;
  /** How much less often the open half has the covering article as its nearest one at all. */
  zNearest: number;
}

function uncoveredHalf(topic: AnalysedTopic, halves: [number[], number[]], context: HalfContext): HalfSplit | undefined {
  const judged = halves.map((members) => {
    const center = centroid(context.matrix, members);
    const byCentrality = mostCentralFirst(context.matrix, members, center);
    const sample = byCentrality.slice(0, COVERAGE_SAMPLE);
    const votes = articleVotes(sample, context.reach, context.nearestArticlePiece);
    const coverage = scoreCoverage({ solvedLinks: [], homeArticles: new Map(), articleVotes: votes, memberArticleScores: [], answers: [] });
    return { members: byCentrality, center, votes, coverage, sample };
  });
  const asJudged = (half: (typeof judged)[number]): JudgedHalf => ({ covered: half.coverage.covered, coveredBy: half.coverage.coveredBy, share: half.votes.get(half.coverage.coveredBy ?? "") ?? 0 });
  const pair = openHalfOf([asJudged(judged[0]!), asJudged(judged[1]!)]);
  if (!pair) return undefined;
  const [uncovered, covered] = [judged[pair[0]]!, judged[pair[1]]!];
  const article = covered.coverage.coveredBy!;
  const hits = (half: (typeof judged)[number]) => Math.round((half.votes.get(article) ?? 0) * half.sample.length);
  const z = proportionZ(hits(covered), covered.sample.length, hits(uncovered), uncovered.sample.length);
  if (z <= 0 || meanPairwiseSimilarity(context.combined, uncovered.members) < context.cohesion) return undefined;
  const part = (half: (typeof judged)[number]) => ({ members: half.members, centroid: half.center, shape: topicShape(context.matrix, half.members, half.center) });
  const nearestIs = (half: (typeof judged)[number]) => half.sample.filter((i) => context.nearestArticlePiece(i)?.articleId === article).length;
  const zNearest = proportionZ(nearestIs(covered), covered.sample.length, nearestIs(uncovered), uncovered.sample.length);
  // The article was found to answer the other half, not this one: its votes no longer count here.
  const openVotes = new Map([...uncovered.votes].filter(([id]) => id !== article));
  return { covered: { ...part(covered), coverage: topic.coverage }, open: { topic: part(uncovered), members: uncovered.members, votes: openVotes }, z, zNearest };
}

/**
 * Uncovered fragments of one subject become one gap (see siblings.ts), and so do uncovered topics most
 * of whose tickets quote the same error code (codes.ts); covered topics stay as found. Returns the
 * topics to report and, per analysed topic, its index among them.
 */
function joinUncoveredSiblings(topics: AnalysedTopic[], edges: readonly Edge[], matrix: VectorMatrix, textOf: (item: number) => string): { topics: AnalysedTopic[]; newIndex: Int32Array } {
  const uncovered = topics.flatMap((topic, t) => (topic.coverage.covered ? [] : [t]));
  const linked = joinLinkedGroups(uncovered.map((t) => topics[t]!.members), edges, GAP_JOIN_DENSITY);
  const joinedAs = joinSharingCode(linked, uncovered.map((t) => commonCode(topics[t]!.members, textOf)));
  const out: AnalysedTopic[] = [];
  const newIndex = new Int32Array(topics.length);
  topics.forEach((topic, t) => {
    if (!topic.coverage.covered) return;
    newIndex[t] = out.length;
    out.push(topic);
  });
  const groups = new Map<number, number[]>();
  uncovered.forEach((t, u) => {
    const group = groups.get(joinedAs[u]!) ?? [];
    group.push(t);
    groups.set(joinedAs[u]!, group);
  });
  for (const group of groups.values()) {
    for (const t of group) newIndex[t] = out.length;
    if (group.length === 1) {
      out.push(topics[group[0]!]!);
      continue;
    }
    const largest = group.reduce((best, t) => (topics[t]!.members.length > topics[best]!.members.length ? t : best));
    const fragmentShapes = group.map((t) => topics[t]!.shape);
    out.push({ ...topicOf(matrix, group.flatMap((t) => topics[t]!.members)), parts: fragmentShapes, coverage: topics[largest]!.coverage });
  }
  return { topics: out, newIndex };
}

/**
 * Every article chunk and passage (sentence or list item) with its vector, from the cache indexing
 * filled, so indexed articles cost no model work. Passages read like questions, chunks like pages.
 */
async function articleChunks(deps: GapDeps): Promise<ArticleChunkVector[]> {
  const pieces: Array<Omit<ArticleChunkVector, "vector"> & { text: string }> = [];
  for (const article of deps.store.list("article")) {
    const base = { articleId: article.id, title: article.title };
    for (const text of await chunkArticle(article.title, article.body, deps.chunking)) pieces.push({ ...base, level: "chunk", text });
    for (const text of articlePassages(article.body)) pieces.push({ ...base, level: "passage", text });
  }
  const vectors = await embedWithCache(deps.store, deps.embedder, pieces.map((p) => p.text));
  return pieces.map((piece, i) => ({ ...piece, vector: vectors[i]! }));
}

/** Each row's sentence vector followed by its word vector, in one flat matrix (see LexicalSpace.combine). */
function combinedMatrix(dense: VectorMatrix, stemLists: ReadonlyArray<readonly string[]>, words: LexicalSpace): VectorMatrix {
  const dimensions = dense.dimensions + LEXICAL_DIMENSIONS;
  const data = new Float32Array(dense.rows * dimensions);
  stemLists.forEach((stems, i) => data.set(words.combine(row(dense, i), stems), i * dimensions));
  return { rows: dense.rows, dimensions, data };
}

interface CoverageContext {
  items: ReturnType<typeof collectWindow>["current"];
  /** Articles some solved ticket links (see CoverageEvidence). */
  linkedArticles: ReadonlySet<string>;
  /** Articles whose chunks call the topic home (see chunkHomes). */
  homes: Map<string, number>;
  /** Per article, the share of the sampled members that have one of its pieces as a neighbour. */
  votes: Map<string, number>;
  /** This period's instant answers placed in the topic: whether each failed. */
  answers: boolean[];
}

type TopicCoverage = Coverage & { nearest?: { id: string; title: string; score: number } };

/** The topic's coverage, and the policy's probabilities for the sampled members when it was asked. */
async function topicCoverage(deps: GapDeps, matrix: VectorMatrix, byCentrality: number[], context: CoverageContext): Promise<{ coverage: TopicCoverage; answerability?: number[] }> {
  const sample = byCentrality.slice(0, COVERAGE_SAMPLE);
  const hits = sample.map((i) => deps.index().articleVectors.search(row(matrix, i), 1)[0]).filter((hit) => hit !== undefined);
  const answerability = await deps.answerability?.(sample.map((i) => context.items[i]!.text));
  const coverage = scoreCoverage({
    solvedLinks: byCentrality.flatMap((i) => (context.items[i]!.solvedLinks ? [context.items[i]!.solvedLinks!] : [])),
    homeArticles: context.homes,
    articleVotes: context.votes,
    memberArticleScores: hits.map((hit) => hit.score),
    answers: context.answers,
    ...(answerability ? { answerability } : {}),
    linkedArticles: context.linkedArticles,
  });
  return { coverage: { ...coverage, ...(nearestArticle(hits) ? { nearest: nearestArticle(hits)! } : {}) }, ...(answerability ? { answerability } : {}) };
}

/**
 * Of a topic the policy leaves mostly unanswered, the members whose best article is unlikely to answer
 * them: the gap is those tickets, not the whole topic. USE-lite puts a question without an article in
 * one community with close siblings that have one; the policy, which weighs the articles agents used
 * for similar solved tickets, tells them apart ticket by ticket where the vectors cannot (docs/adr/0002
 * §4e). `sampled` holds the probabilities of the most central members, asked already. Undefined (the
 * topic stays as found) when fewer than `minTickets` would remain, or all of them.
 */
async function unansweredMembers(deps: GapDeps, byCentrality: number[], sampled: number[], items: CoverageContext["items"], minTickets: number): Promise<number[] | undefined> {
  const rest = byCentrality.slice(sampled.length);
  const probabilities = [...sampled];
  for (let i = 0; i < rest.length; i += COVERAGE_SAMPLE) {
    const asked = await deps.answerability?.(rest.slice(i, i + COVERAGE_SAMPLE).map((m) => items[m]!.text));
    if (!asked) return undefined;
    probabilities.push(...asked);
  }
  const unanswered = byCentrality.filter((_, j) => !isAnswerable(probabilities[j]!));
  return unanswered.length >= minTickets && unanswered.length < byCentrality.length ? unanswered : undefined;
}

/** A topic made of these members: centroid, shape and members ordered most central first. */
function topicOf(matrix: VectorMatrix, members: number[]): Omit<AnalysedTopic, "coverage"> {
  const center = centroid(matrix, members);
  const byCentrality = mostCentralFirst(matrix, members, center);
  return { members: byCentrality, centroid: center, shape: topicShape(matrix, byCentrality, center) };
}

/** The members ordered by similarity to `center`, most similar first (a new array). */
function mostCentralFirst(matrix: VectorMatrix, members: readonly number[], center: Float32Array): number[] {
  return [...members].sort((a, b) => dot(row(matrix, b), center) - dot(row(matrix, a), center));
}

/** The article most sampled members find first, with their median score for it. */
function nearestArticle(hits: Array<{ score: number; meta: { articleId: string; title: string } }>): { id: string; title: string; score: number } | undefined {
  const byArticle = new Map<string, { title: string; scores: number[] }>();
  for (const hit of hits) {
    const entry = byArticle.get(hit.meta.articleId) ?? { title: hit.meta.title, scores: [] };
    entry.scores.push(hit.score);
    byArticle.set(hit.meta.articleId, entry);
  }
  const [id, best] = [...byArticle].sort((a, b) => b[1].scores.length - a[1].scores.length || a[0].localeCompare(b[0]))[0] ?? [];
  if (!id || !best) return undefined;
  const sorted = [...best.scores].sort((a, b) => a - b);
  return { id, title: best.title, score: round(sorted[sorted.length >> 1]!) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
