import { describe, expect, it } from "vitest";
import { HnswIndex } from "../../../../src/adapters/index/hnsw-index.js";
import { seededRandom } from "../../../../src/shared/random.js";

const DIM = 16;
const random = seededRandom(3);
const vector = () => Float32Array.from({ length: DIM }, () => random() - 0.5);
const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < DIM; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe("HNSW index search with a filter", () => {
  const index = new HnswIndex<{ group: number }>(DIM, { m: 16, efConstruction: 200, ef: 64 });
  const entries = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, vector: vector(), group: i % 100 }));
  for (const e of entries) index.upsert(e.key, e.vector, { group: e.group });
  const exact = (query: Float32Array, k: number, accept: (group: number) => boolean) =>
    entries.filter((e) => accept(e.group)).sort((a, b) => cosine(query, b.vector) - cosine(query, a.vector)).slice(0, k).map((e) => e.key);

  it("returns the nearest accepted entries when nearly all pass", () => {
    const query = vector();
    const hits = index.search(query, 10, (meta) => meta.group !== 7);
    expect(hits.map((h) => h.key)).toEqual(exact(query, 10, (g) => g !== 7));
    expect(hits.every((h) => h.meta.group !== 7)).toBe(true);
  });

  it("still finds the only accepted entries when the filter passes almost nothing", () => {
    const query = vector();
    const hits = index.search(query, 10, (meta) => meta.group === 42);
    expect(hits.map((h) => h.key).sort()).toEqual(["k142", "k242", "k42"]);
  });

  it("gives the same neighbours with an accept-all filter as without one", () => {
    const query = vector();
    expect(index.search(query, 20, () => true).map((h) => h.key)).toEqual(index.search(query, 20).map((h) => h.key));
  });

  it("never returns removed entries", () => {
    const query = entries[5]!.vector;
    index.remove("k5");
    expect(index.search(query, 10, () => true).map((h) => h.key)).not.toContain("k5");
  });
});
