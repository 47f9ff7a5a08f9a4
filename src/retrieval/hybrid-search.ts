import type { KnowledgeIndex } from "../adapters/index/knowledge-index.js";
import type { HnswIndex, VectorHit } from "../adapters/index/hnsw-index.js";

export interface SearchFilters {
  brand?: string;
  locale?: string;
  status?: string[];
}

export interface FusedHit {
  /** The article or ticket id (chunks are folded into their article). */
  id: string;
  /** Vector-index key of the best passage (an article chunk key, or the ticket id). */
  key: string;
  score: number;
  dense?: number;
  keyword?: number;
}

/** Reciprocal-rank fusion constant: the usual 60 keeps one list's top rank from dominating. */
const RRF_K = 60;

interface FilterableMeta {
  brand?: string;
  locale?: string;
  status?: string;
}

const matches = (filters: SearchFilters) => (meta: FilterableMeta) =>
  (!filters.brand || meta.brand === filters.brand) &&
  (!filters.locale || !meta.locale || meta.locale === filters.locale) &&
  (!filters.status || (meta.status !== undefined && filters.status.includes(meta.status)));

/** How deep each list is read before fusing: enough that an item ranked low in one list can still win. */
export const fusionDepth = (limit: number): number => Math.max(limit * 4, 20);

/**
 * Dense and BM25 results fused by reciprocal rank, one hit per item (the best of its chunks), so three
 * passages of one article cannot crowd out a second article. `denseHits`: the dense list, when the
 * caller already searched it with the same filters (fusionDepth(limit) deep).
 */
export function hybridSearch(
  index: KnowledgeIndex,
  kind: "article" | "ticket",
  query: { vector: Float32Array; text: string },
  filters: SearchFilters,
  limit: number,
  denseHits?: Array<VectorHit<FilterableMeta>>,
): FusedHit[] {
  const depth = fusionDepth(limit);
  const accept = matches(filters);
  const vectors: HnswIndex<FilterableMeta> = kind === "article" ? index.articleVectors : index.ticketVectors;
  const keywords = kind === "article" ? index.articleKeywords : index.ticketKeywords;
  const dense = denseHits?.slice(0, depth) ?? vectors.search(query.vector, depth, accept);
  const lexical = keywords.search(query.text, depth, (key) => {
    const meta = vectors.getMeta(key);
    return meta !== undefined && accept(meta);
  });
  const itemOf = (key: string) => (kind === "article" ? key.slice(0, key.lastIndexOf("#")) : key);

  const fused = new Map<string, FusedHit>();
  const add = (key: string, rank: number, field: "dense" | "keyword", raw: number) => {
    const id = itemOf(key);
    const hit = fused.get(id) ?? { id, key, score: 0 };
    // Each item counts once per list, with its best-ranked passage; dense runs first, so the passage
    // kept is the one closest in meaning.
    if (hit[field] !== undefined) return;
    hit.score += 1 / (RRF_K + rank + 1);
    hit[field] = raw;
    fused.set(id, hit);
  };
  dense.forEach((hit, rank) => add(hit.key, rank, "dense", hit.score));
  lexical.forEach((hit, rank) => add(hit.key, rank, "keyword", hit.score));
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
