import hnswlib from "hnswlib-node";
import { row, type VectorMatrix } from "./vectors.js";
import { createYielder } from "./yielder.js";

const { HierarchicalNSW } = hnswlib;

export interface KnnOptions {
  k: number;
  /** Build-time candidate list; 100 keeps recall high for k ≤ 30 at half the build cost of 200. */
  efConstruction?: number;
  m?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Each row's k nearest other rows (by cosine), flat: neighbours[i*k + j], similarity[i*k + j]; -1 pads. */
export interface KnnTable {
  k: number;
  neighbours: Int32Array;
  similarity: Float32Array;
}

/**
 * Approximate kNN of every row against all rows with a transient hnswlib index (exact kNN is O(n²),
 * hours at 100k; HNSW is O(n log n) and its recall at these settings is above 0.95).
 */
export async function buildKnnTable(matrix: VectorMatrix, options: KnnOptions): Promise<KnnTable> {
  const { rows: n } = matrix;
  const k = Math.max(1, Math.min(options.k, n - 1));
  const neighbours = new Int32Array(n * k).fill(-1);
  const similarity = new Float32Array(n * k);
  if (n < 2) return { k, neighbours, similarity };
  const index = new HierarchicalNSW("cosine", matrix.dimensions);
  index.initIndex({ maxElements: n, m: options.m ?? 16, efConstruction: options.efConstruction ?? 100, randomSeed: 42 });
  const step = Math.max(1, Math.floor(n / 20));
  const yieldTurn = createYielder(options.signal);
  for (let i = 0; i < n; i++) {
    index.addPoint(Array.from(row(matrix, i)), i);
    await yieldTurn();
    if (i % step === step - 1) await options.onProgress?.(i + 1, 2 * n);
  }
  index.setEf(Math.max(64, 2 * k));
  for (let i = 0; i < n; i++) {
    const found = index.searchKnn(Array.from(row(matrix, i)), k + 1);
    let j = 0;
    found.neighbors.forEach((label, h) => {
      if (label === i || j >= k) return;
      neighbours[i * k + j] = label;
      similarity[i * k + j] = 1 - (found.distances[h] ?? 1);
      j++;
    });
    await yieldTurn();
    if (i % step === step - 1) await options.onProgress?.(n + i + 1, 2 * n);
  }
  return { k, neighbours, similarity };
}

export interface Edge {
  a: number;
  b: number;
  weight: number;
}

/**
 * Mutual kNN edges above a similarity floor. Mutuality drops hub links (a generic question is
 * everyone's neighbour but has few neighbours of its own), and the floor keeps one-offs isolated:
 * both are what keep noise out of topics.
 */
export function mutualEdges(table: KnnTable, minSimilarity: number): Edge[] {
  const { k, neighbours, similarity } = table;
  const n = neighbours.length / k;
  const edges: Edge[] = [];
  for (let a = 0; a < n; a++) {
    for (let j = 0; j < k; j++) {
      const b = neighbours[a * k + j]!;
      const weight = similarity[a * k + j]!;
      if (b <= a || weight < minSimilarity) continue;
      if (listsNeighbour(table, b, a)) edges.push({ a, b, weight });
    }
  }
  return edges;
}

export function listsNeighbour(table: KnnTable, from: number, to: number): boolean {
  for (let j = 0; j < table.k; j++) if (table.neighbours[from * table.k + j] === to) return true;
  return false;
}

/**
 * Nearest of a fixed set of vectors (article pieces) for many queries: an hnswlib index, because a
 * desk's few thousand pieces against up to 100,000 tickets is too many dot products to scan.
 * Returns the row index and cosine of the nearest vector, or undefined when the set is empty.
 */
export function nearestLookup(vectors: readonly Float32Array[], dimensions: number): (query: Float32Array) => { row: number; similarity: number } | undefined {
  if (vectors.length === 0) return () => undefined;
  const index = new HierarchicalNSW("cosine", dimensions);
  index.initIndex({ maxElements: vectors.length, m: 16, efConstruction: 100, randomSeed: 42 });
  vectors.forEach((vector, i) => index.addPoint(Array.from(vector), i));
  index.setEf(64);
  return (query) => {
    const found = index.searchKnn(Array.from(query), 1);
    const label = found.neighbors[0];
    return label === undefined ? undefined : { row: label, similarity: 1 - (found.distances[0] ?? 1) };
  };
}
