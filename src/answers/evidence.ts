import type { KnowledgeIndex, ArticleChunkMeta, TicketMeta } from "../adapters/index/knowledge-index.js";
import type { VectorHit } from "../adapters/index/hnsw-index.js";
import { isSolved } from "../ingest/knowledge.schema.js";

export interface EvidenceQuery {
  vector: Float32Array;
  text: string;
  brand?: string;
  locale?: string;
  /** Leave-one-out calibration asks about a ticket that is itself in the index. */
  excludeTicketId?: string;
  /**
   * The nearest solved tickets, when the caller searched them already (suggestions list them too):
   * what `solvedTicketHits` returns for this query, at least NEIGHBOURS deep.
   */
  solvedTickets?: Array<VectorHit<TicketMeta>>;
}

export interface ArticleCandidate {
  articleId: string;
  title: string;
  /** Best cosine similarity of any passage or chunk of the article to the question. */
  passage: number;
  /** The article's matching units (chunks and passages), best first: what decides which chunk an answer quotes. */
  unitHits: Array<{ key: string; score: number }>;
  /** Share of the similarity-weighted votes of similar solved tickets that linked this article. */
  historyShare: number;
  /** Similarity of the nearest solved ticket that linked this article. */
  historyNearest: number;
  keywordRank?: number;
}

export interface Evidence {
  candidates: ArticleCandidate[];
  /** Feature vector of the best candidate, in FEATURE_NAMES order; what calibration maps to a probability. */
  features: number[];
  neighbours: Array<{ ticketId: string; score: number; articleIds: string[] }>;
}

export const FEATURE_NAMES = ["historyShare", "historyMargin", "historyNearest", "passage", "passageMargin", "noArticleShare", "nearestTicket", "keywordAgrees"] as const;

const NEIGHBOURS = 10;
/** Votes are weighted by similarity to this power, so near-duplicates of the question count most. */
const VOTE_POWER = 4;
/** How much passage similarity (against the best passage) shifts the choice between candidates. */
const PASSAGE_WEIGHT = 0.5;

/**
 * Gathers what the knowledge base and the help desk's history say about a question: which articles
 * match it (passages, chunks, keywords) and which articles agents used for the most similar solved
 * tickets. Past questions are phrased the way customers write, unlike articles, so they are the
 * strongest evidence when there is history.
 */
export function gatherEvidence(index: KnowledgeIndex, query: EvidenceQuery): Evidence {
  const brandOk = (meta: { brand?: string; locale?: string }) => (!query.brand || meta.brand === query.brand) && (!query.locale || !meta.locale || meta.locale === query.locale);
  // No filter at all when nothing narrows the search: a filtered search fetches twice as deep.
  const articleFilter = query.brand || query.locale ? brandOk : undefined;
  const byArticle = new Map<string, ArticleCandidate>();
  const candidate = (meta: Pick<ArticleChunkMeta, "articleId" | "title">) => {
    let found = byArticle.get(meta.articleId);
    if (!found) byArticle.set(meta.articleId, (found = { articleId: meta.articleId, title: meta.title, passage: 0, historyShare: 0, historyNearest: 0, unitHits: [] }));
    return found;
  };

  for (const hit of index.articleVectors.search(query.vector, 40, articleFilter)) {
    const c = candidate(hit.meta);
    c.unitHits.push({ key: hit.key, score: hit.score });
    c.passage = Math.max(c.passage, hit.score);
  }
  index.articleKeywords.search(query.text, 10, (key) => {
    const meta = index.articleVectors.getMeta(key);
    return meta !== undefined && brandOk(meta);
  }).forEach((hit, rank) => {
    const meta = index.articleVectors.getMeta(hit.key)!;
    const c = candidate(meta);
    c.keywordRank = Math.min(c.keywordRank ?? rank, rank);
  });

  const neighbours = (query.solvedTickets ?? solvedTicketHits(index, query, NEIGHBOURS))
    .slice(0, NEIGHBOURS)
    .map((hit) => ({ ticketId: hit.key, score: hit.score, articleIds: (hit.meta.articleIds ?? []).filter((id) => index.indexedHash("article", id) !== undefined) }));
  let totalVotes = 0;
  let noArticleVotes = 0;
  for (const neighbour of neighbours) {
    const weight = Math.max(neighbour.score, 0) ** VOTE_POWER;
    totalVotes += weight;
    if (neighbour.articleIds.length === 0) noArticleVotes += weight;
    for (const articleId of neighbour.articleIds) {
      const meta = firstMeta(index, articleId);
      if (!meta || !brandOk(meta)) continue;
      const c = candidate(meta);
      c.historyShare += weight / neighbour.articleIds.length;
      c.historyNearest = Math.max(c.historyNearest, neighbour.score);
    }
  }
  const candidates = [...byArticle.values()];
  if (totalVotes > 0) for (const c of candidates) c.historyShare /= totalVotes;
  const bestPassage = Math.max(0, ...candidates.map((c) => c.passage));
  const rank = (c: ArticleCandidate) => c.historyShare + PASSAGE_WEIGHT * (c.passage - bestPassage);
  candidates.sort((a, b) => rank(b) - rank(a));

  const top = candidates[0];
  const runnerUp = candidates[1];
  const otherBestPassage = Math.max(0, ...candidates.slice(1).map((c) => c.passage));
  const features = top
    ? [
        top.historyShare,
        top.historyShare - (runnerUp?.historyShare ?? 0),
        top.historyNearest,
        top.passage,
        top.passage - otherBestPassage,
        totalVotes > 0 ? noArticleVotes / totalVotes : 0,
        neighbours[0]?.score ?? 0,
        top.keywordRank === 0 ? 1 : 0,
      ]
    : new Array<number>(FEATURE_NAMES.length).fill(0);
  return { candidates, features, neighbours };
}

/** The k solved tickets nearest the question (of its brand, the question's own ticket left out). */
export function solvedTicketHits(index: KnowledgeIndex, query: Pick<EvidenceQuery, "vector" | "brand" | "excludeTicketId">, k: number): Array<VectorHit<TicketMeta>> {
  return index.ticketVectors.search(query.vector, k, (meta: TicketMeta, key) => isSolved(meta.status) && key !== query.excludeTicketId && (!query.brand || meta.brand === query.brand));
}

function firstMeta(index: KnowledgeIndex, articleId: string): ArticleChunkMeta | undefined {
  return index.articleVectors.getMeta(`${articleId}#0`);
}
