import { LRUCache } from "lru-cache";
import { replaceEmbedVectors, type Embedder } from "./embedder.js";

export interface QueryCacheOptions {
  /** Questions remembered; 0 turns the cache off. */
  size: number;
  /** Called for each question answered from the cache (for a metrics counter). */
  onHit?: () => void;
}

/**
 * The key a question is remembered by: the same words whatever the spacing, case or Unicode form
 * ("Where is my  order?" and "where is my order?"), which a sentence model maps to the same meaning.
 */
export const normaliseQuestion = (text: string): string => text.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Remembers the vectors of recent questions (urgent single texts: what customers and agents ask), so
 * a help desk's many identical questions cost one model call. Bulk indexing passes straight through;
 * it has its own content-hash cache in the store. Vectors are shared, read-only, between callers.
 */
export function withQueryCache(embedder: Embedder, options: QueryCacheOptions): Embedder {
  if (options.size <= 0) return embedder;
  const cache = new LRUCache<string, Float32Array>({ max: options.size });
  // A question asked again while its first asking is still being embedded shares that call.
  const inFlight = new Map<string, Promise<Float32Array[]>>();
  return replaceEmbedVectors(embedder, async (texts, embedOptions) => {
    if (!embedOptions?.urgent || texts.length !== 1) return embedder.embedVectors(texts, embedOptions);
    const key = normaliseQuestion(texts[0]!);
    const cached = cache.get(key);
    if (cached) {
      options.onHit?.();
      return [cached];
    }
    const pending = inFlight.get(key);
    if (pending) {
      options.onHit?.();
      return pending;
    }
    const call = embedder.embedVectors(texts, embedOptions).then((vectors) => {
      cache.set(key, vectors[0]!);
      return vectors;
    });
    inFlight.set(key, call);
    try {
      return await call;
    } finally {
      inFlight.delete(key);
    }
  });
}
