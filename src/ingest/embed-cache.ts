import type { Embedder } from "../adapters/embeddings/embedder.js";
import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import { textHash } from "./content-hash.js";

/**
 * Embeds texts, reusing vectors already computed for the same text by the same model. Keys carry the
 * model id, so switching models can never return a vector from another space.
 */
export async function embedWithCache(store: KnowledgeStore, embedder: Embedder, texts: string[]): Promise<Float32Array[]> {
  const keys = texts.map((text) => `${embedder.modelId}:${textHash(text)}`);
  const vectors: Array<Float32Array | undefined> = keys.map((key) => store.getVector(key));
  const missing = [...new Set(keys.filter((_, i) => !vectors[i]))];
  if (missing.length > 0) {
    const textByKey = new Map(keys.map((key, i) => [key, texts[i]!]));
    const computed = await embedder.embedVectors(missing.map((key) => textByKey.get(key)!));
    const byKey = new Map(missing.map((key, i) => [key, computed[i]!]));
    await store.putVectors([...byKey]);
    keys.forEach((key, i) => (vectors[i] ??= byKey.get(key)));
  }
  return vectors as Float32Array[];
}
