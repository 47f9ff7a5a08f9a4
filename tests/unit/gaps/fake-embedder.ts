import { createHash } from "node:crypto";
import type { Embedder } from "../../../src/adapters/embeddings/embedder.js";
import { seededRandom } from "../../../src/shared/random.js";
import { normalize } from "../../../src/gaps/vectors.js";

/**
 * A deterministic stand-in for the model: a text containing one of the topic words lands near that
 * word's direction (with per-text jitter); any other text gets a direction of its own (a one-off).
 */
export function topicEmbedder(topicWords: string[], dimensions = 48): Embedder & { calls: number } {
  const gaussFrom = (seed: number) => {
    const random = seededRandom(seed);
    return () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  };
  const direction = (seed: number) => {
    const gauss = gaussFrom(seed);
    return normalize(Float32Array.from({ length: dimensions }, gauss));
  };
  const bases = new Map(topicWords.map((word, i) => [word, direction(1000 + i)]));
  const embedder = {
    modelId: "fake-topics",
    dimensions,
    calls: 0,
    async embedVectors(texts: string[]) {
      embedder.calls += texts.length;
      return texts.map((text) => {
        const seed = createHash("sha256").update(text).digest().readUInt32LE(0);
        const word = topicWords.find((w) => text.toLowerCase().includes(w));
        if (!word) return direction(seed);
        const gauss = gaussFrom(seed);
        return normalize(Float32Array.from(bases.get(word)!, (x) => x + gauss() * 0.08));
      });
    },
    async warmUp() {},
    async close() {},
  };
  return embedder;
}
