import { describe, expect, it } from "vitest";
import { efForSize, HnswIndex } from "../../../../src/adapters/index/hnsw-index.js";
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

describe("ef as the index grows", () => {
  it("keeps the configured ef up to 100,000 vectors, then raises the floor to about 256 at a million", () => {
    expect(efForSize(0)).toBe(0);
    expect(efForSize(100_000)).toBe(0);
    expect(efForSize(300_000)).toBeGreaterThan(64);
    expect(efForSize(1_000_000)).toBe(256);
    for (let size = 100_000; size < 3_000_000; size += 100_000) expect(efForSize(size + 100_000)).toBeGreaterThanOrEqual(efForSize(size));
  });

  it("searches with the larger of the configured ef and the floor for its size", () => {
    const index = new HnswIndex<null>(DIM, { m: 16, efConstruction: 100, ef: 16, efFloor: (size) => (size >= 50 ? 200 : 0) });
    const hnswlib = (index as unknown as { index: { getEf(): number } }).index;
    for (let i = 0; i < 49; i++) index.upsert(`e${i}`, vector(), null);
    index.search(vector(), 5);
    expect(index.searchEf).toBe(16);
    expect(hnswlib.getEf()).toBe(16);
    index.upsert("e49", vector(), null);
    expect(index.searchEf).toBe(200);
    expect(index.search(vector(), 5)).toHaveLength(5);
    expect(hnswlib.getEf()).toBe(200);
    index.remove("e49");
    index.search(vector(), 5);
    expect(hnswlib.getEf()).toBe(16);
  });
});
