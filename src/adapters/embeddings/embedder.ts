/**
 * What the service needs from an embedding model. Vectors are unit length so that cosine
 * similarity is a plain dot product everywhere downstream (index, dedup, gap clustering).
 */
export interface EmbedOptions {
  urgent?: boolean;
}

export interface Embedder {
  /** Stored next to every vector so that vectors from different models are never mixed. */
  readonly modelId: string;
  /** May only be known after warmUp() for embedders that discover it from the model. */
  readonly dimensions: number;
  /**
   * One unit-length vector per input, in input order. `urgent` marks a question someone is waiting
   * on, which local embedders run ahead of bulk indexing work.
   */
  embedVectors(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Loads the model or checks the remote one, so that the first real request is not the slow one. */
  warmUp(): Promise<void>;
  /** Frees threads and connections; the process must be able to exit afterwards. */
  close(): Promise<void>;
}

/** Returns a unit-length copy; a zero vector stays zero because it has no direction to keep. */
export function l2Normalize(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let sum = 0;
  for (const x of out) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / norm;
  return out;
}

/** Models reject or mis-handle empty input, and a lone space embeds as "nothing in particular". */
export function nonEmptyText(text: string): string {
  return text.trim() === "" ? " " : text;
}

/** An embedder that is `inner` except for how texts are embedded: for wrappers (counting, caching). */
export function replaceEmbedVectors(inner: Embedder, embedVectors: Embedder["embedVectors"]): Embedder {
  return {
    // Getters: a remote embedder learns its dimensions only at warmUp().
    get modelId() {
      return inner.modelId;
    },
    get dimensions() {
      return inner.dimensions;
    },
    warmUp: () => inner.warmUp(),
    close: () => inner.close(),
    embedVectors,
  };
}
