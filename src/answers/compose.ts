import type { KnowledgeStore, StoredArticle } from "../adapters/store/knowledge-store.js";
import { articlePassages, chunkArticle, type ChunkOptions } from "../ingest/chunk.js";

/**
 * The chunk an answer is built from, re-derived from the stored article (the index keeps vectors, not
 * text), with the repeated title line removed. Each matching unit votes for the chunk that holds it (a
 * chunk for itself, a passage for the chunk it sits in), so the chunk with the most matching material
 * wins rather than the one holding a single lucky sentence.
 */
export async function bestChunkText(store: KnowledgeStore, articleId: string, unitHits: Array<{ key: string; score: number }>, chunking: ChunkOptions): Promise<string> {
  const article = store.get("article", articleId);
  if (!article) return "";
  const { chunks, passages } = await unitsOf(article, chunking);
  const votes = new Array<number>(chunks.length).fill(0);
  for (const { key, score } of unitHits) {
    const unit = key.slice(key.lastIndexOf("#") + 1);
    const chunk = unit.startsWith("p") ? chunks.findIndex((text) => text.includes(passages[Number(unit.slice(1))] ?? "\u0000")) : Number(unit);
    if (chunk >= 0 && chunk < votes.length) votes[chunk]! += score;
  }
  const best = votes.indexOf(Math.max(...votes));
  return chunks[Math.max(best, 0)] ?? "";
}

/** Cuts text at a sentence or line end near `max` characters, so a snippet never stops mid-word. */
export function trimAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("\n"));
  return `${(end > max * 0.5 ? cut.slice(0, end + 1) : cut.slice(0, cut.lastIndexOf(" "))).trim()} …`;
}

interface ArticleUnits {
  chunks: string[];
  passages: string[];
}

/** Re-chunking an article on every question costs more than the rest of answering; units are kept per content hash. */
const unitCache = new Map<string, ArticleUnits>();
const UNIT_CACHE_SIZE = 1000;

async function unitsOf(article: StoredArticle, chunking: ChunkOptions): Promise<ArticleUnits> {
  const key = `${article.id}:${article.contentHash}:${chunking.chunkSize}:${chunking.chunkOverlap}`;
  const cached = unitCache.get(key);
  if (cached) return cached;
  const chunks = (await chunkArticle(article.title, article.body, chunking)).map((text) => (text.startsWith(article.title) ? text.slice(article.title.length).trim() : text));
  const units = { chunks, passages: articlePassages(article.body) };
  // Map keeps insertion order, so the first key is the oldest entry.
  if (unitCache.size >= UNIT_CACHE_SIZE) unitCache.delete(unitCache.keys().next().value!);
  unitCache.set(key, units);
  return units;
}
