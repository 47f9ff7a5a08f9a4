import { describe, expect, it } from "vitest";
import { findTopics } from "../../../src/gaps/topics.js";
import { buildKnnTable, mutualEdges } from "../../../src/gaps/knn-graph.js";
import { dot, row } from "../../../src/gaps/vectors.js";
import { plantedData } from "./synthetic.js";

describe("topic clustering", () => {
  it("recovers planted topics and leaves uniform noise out of every topic", async () => {
    const { matrix, truth } = plantedData({ dimensions: 64, topics: [60, 40, 25, 12, 8], noise: 150, spread: 0.08 });
    const { topics } = await findTopics(matrix, { minSize: 5 });

    expect(topics).toHaveLength(5);
    const recovered = new Set<number>();
    for (const members of topics) {
      const labels = members.map((i) => truth[i]!);
      const planted = labels.find((l) => l >= 0)!;
      // Each topic is one planted topic, pure and nearly whole (a member whose neighbours all sit
      // below the similarity floor is left out as a one-off).
      expect(labels.every((l) => l === planted)).toBe(true);
      expect(members.length).toBeGreaterThanOrEqual(0.9 * truth.filter((t) => t === planted).length);
      recovered.add(planted);
    }
    expect(recovered.size).toBe(5);
    const clustered = new Set(topics.flat());
    const noiseIndexes = truth.flatMap((t, i) => (t === -1 ? [i] : []));
    expect(noiseIndexes.filter((i) => clustered.has(i))).toEqual([]);
  });

  it("does not call a group smaller than the minimum a topic", async () => {
    const { matrix, truth } = plantedData({ dimensions: 64, topics: [30, 3], noise: 50, spread: 0.09, seed: 3 });
    const { topics } = await findTopics(matrix, { minSize: 5 });
    // Modularity may cut one large homogeneous blob into sibling topics; the trio never forms one.
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.flat().every((i) => truth[i] === 0)).toBe(true);
  });

  it("finds nothing in pure noise", async () => {
    const { matrix } = plantedData({ dimensions: 64, topics: [], noise: 300, spread: 0, seed: 5 });
    expect((await findTopics(matrix, { minSize: 5 })).topics).toEqual([]);
  });

  it("matches exact brute-force neighbours (the HNSW kNN is a reference-checked approximation)", async () => {
    const { matrix } = plantedData({ dimensions: 32, topics: [100, 100], noise: 200, spread: 0.3, seed: 9 });
    const k = 10;
    const table = await buildKnnTable(matrix, { k });
    let hits = 0;
    for (let i = 0; i < matrix.rows; i++) {
      const exact = Array.from({ length: matrix.rows }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => dot(row(matrix, i), row(matrix, b)) - dot(row(matrix, i), row(matrix, a)))
        .slice(0, k);
      const found = new Set(table.neighbours.subarray(i * k, i * k + k));
      hits += exact.filter((j) => found.has(j)).length;
      expect(table.similarity[i * k]).toBeCloseTo(dot(row(matrix, i), row(matrix, exact[0]!)), 4);
    }
    expect(hits / (matrix.rows * k)).toBeGreaterThan(0.97);
  });

  it("keeps only mutual neighbours above the similarity floor", () => {
    // 0 and 1 list each other; 2 lists 0 but 0 does not list 2; 3-4 are mutual but below the floor.
    const table = { k: 1, neighbours: Int32Array.from([1, 0, 0, 4, 3]), similarity: Float32Array.from([0.9, 0.9, 0.8, 0.3, 0.3]) };
    expect(mutualEdges(table, 0.5)).toEqual([{ a: 0, b: 1, weight: expect.closeTo(0.9, 5) }]);
  });
});
