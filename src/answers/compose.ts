import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import { articlePassages, chunkArticle, type ChunkOptions } from "../ingest/chunk.js";

/**
 * The chunk an answer is built from: the one that best matched, or the one holding the passage that
 * best matched, re-derived from the stored article (the index keeps vectors, not text), with the
 * repeated title line removed.
 */
export async function bestChunkText(store: KnowledgeStore, articleId: string, bestKey: string | undefined, chunking: ChunkOptions): Promise<string> {
  const article = store.get("article", articleId);
  if (!article) return "";
  const chunks = (await chunkArticle(article.title, article.body, chunking)).map((text) => (text.startsWith(article.title) ? text.slice(article.title.length).trim() : text));
  const unit = bestKey?.slice(bestKey.lastIndexOf("#") + 1) ?? "0";
  if (unit.startsWith("p")) {
    const passage = articlePassages(article.body)[Number(unit.slice(1))];
    const holder = passage ? chunks.find((chunk) => chunk.includes(passage)) : undefined;
    if (holder) return holder;
  }
  return chunks[Number(unit)] ?? chunks[0] ?? "";
}

/** Cuts text at a sentence or line end near `max` characters, so a snippet never stops mid-word. */
export function trimAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("\n"));
  return `${(end > max * 0.5 ? cut.slice(0, end + 1) : cut.slice(0, cut.lastIndexOf(" "))).trim()} …`;
}
