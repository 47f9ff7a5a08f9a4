import { describe, expect, it } from "vitest";
import type { Embedder } from "../../../../src/adapters/embeddings/embedder.js";
import { normaliseQuestion, withQueryCache } from "../../../../src/adapters/embeddings/query-cache.js";

/** Counts model calls; each text gets a distinct vector so the test can tell which call produced it. */
function countingEmbedder(failFirst = false) {
  const calls: string[][] = [];
  let fail = failFirst;
  const embedder: Embedder = {
    modelId: "counting",
    dimensions: 2,
    warmUp: async () => undefined,
    close: async () => undefined,
    async embedVectors(texts) {
      calls.push(texts);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) {
        fail = false;
        throw new Error("model down");
      }
      return texts.map((_, i) => Float32Array.from([calls.length, i]));
    },
  };
  return { embedder, calls };
}

describe("query embedding cache", () => {
  it("asks the model once for the same question written with other spacing, case or Unicode form", async () => {
    const { embedder, calls } = countingEmbedder();
    let hits = 0;
    const cached = withQueryCache(embedder, { size: 10, onHit: () => hits++ });
    const [first] = await cached.embedVectors(["Where is my  order?"], { urgent: true });
    const [again] = await cached.embedVectors(["  WHERE is my order?\n"], { urgent: true });
    expect(calls).toEqual([["Where is my  order?"]]);
    expect(again).toBe(first);
    expect(hits).toBe(1);
    expect(normaliseQuestion("Ｗhere\u00a0is  MY order")).toBe("where is my order");
  });

  it("shares one model call between identical questions asked at the same time", async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = withQueryCache(embedder, { size: 10 });
    const results = await Promise.all([1, 2, 3].map(() => cached.embedVectors(["reset my password"], { urgent: true })));
    expect(calls).toHaveLength(1);
    expect(results[1]![0]).toBe(results[0]![0]);
  });

  it("passes bulk indexing and multi-text calls straight through", async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = withQueryCache(embedder, { size: 10 });
    await cached.embedVectors(["ticket text"]);
    await cached.embedVectors(["ticket text"]);
    await cached.embedVectors(["a", "b"], { urgent: true });
    await cached.embedVectors(["a", "b"], { urgent: true });
    expect(calls).toHaveLength(4);
  });

  it("forgets the least recently asked question when full, and never keeps a failure", async () => {
    const { embedder, calls } = countingEmbedder(true);
    const cached = withQueryCache(embedder, { size: 2 });
    await expect(cached.embedVectors(["a"], { urgent: true })).rejects.toThrow("model down");
    await cached.embedVectors(["a"], { urgent: true }); // retried, not a cached failure
    await cached.embedVectors(["b"], { urgent: true });
    await cached.embedVectors(["a"], { urgent: true }); // hit: a is now the most recent
    await cached.embedVectors(["c"], { urgent: true }); // evicts b
    await cached.embedVectors(["a"], { urgent: true }); // hit
    await cached.embedVectors(["b"], { urgent: true }); // miss again
    expect(calls.map((texts) => texts[0])).toEqual(["a", "a", "b", "c", "b"]);
  });

  it("is the embedder itself when its size is 0", () => {
    const { embedder } = countingEmbedder();
    expect(withQueryCache(embedder, { size: 0 })).toBe(embedder);
  });
});
