import { buildKnnTable, mutualEdges, type Edge } from "./knn-graph.js";
import { detectCommunities } from "./communities.js";
import { seededRandom } from "../shared/random.js";
import { dot, row, type VectorMatrix } from "./vectors.js";

/**
 * Members related to the topic as a whole, not just to one member: a one-off with a chance link to
 * one member is unrelated to the rest. The test is the community's own, per member: the mean
 * similarity to the other members must reach the cohesion bar.
 */
function attachedToWhole(matrix: VectorMatrix, members: number[], minMeanSimilarity: number): number[] {
  const sum = new Float64Array(matrix.dimensions);
  for (const i of members) row(matrix, i).forEach((x, d) => (sum[d]! += x));
  return members.filter((i) => (dot(sum, row(matrix, i)) - 1) / (members.length - 1) >= minMeanSimilarity);
}

/** Mean cosine over all member pairs, from the sum vector: (|Σv|² − n) / (n(n − 1)) for unit vectors. */
export function meanPairwiseSimilarity(matrix: VectorMatrix, members: readonly number[]): number {
  if (members.length < 2) return 1;
  const sum = new Float64Array(matrix.dimensions);
  for (const i of members) {
    const offset = i * matrix.dimensions;
    for (let d = 0; d < matrix.dimensions; d++) sum[d]! += matrix.data[offset + d]!;
  }
  let squared = 0;
  for (const x of sum) squared += x * x;
  return (squared - members.length) / (members.length * (members.length - 1));
}

export interface TopicOptions {
  minSize: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface TopicResult {
  /** Member row indices per topic, largest first; rows in none are noise. */
  topics: number[][];
  edgeFloor: number;
  baseline: { mean: number; sd: number };
  /** The mean pairwise similarity a topic must reach (COHESION_SDS above the baseline). */
  cohesion: number;
  resolution: number;
  /**
   * Per row, the similarity of its minSize-th nearest neighbour: how close an item must come to count
   * as part of this row's neighbourhood, as a member of even the smallest topic would.
   */
  reach: Float32Array;
  /** The similarity graph's links (mutual neighbours above the floor). */
  edges: Edge[];
  /** Milliseconds: neighbour search (hnswlib) and community detection (Louvain), separately. */
  timings: { knnMs: number; communitiesMs: number };
}

/**
 * Neighbours per item. A topic of minSize members gives each member minSize-1 true neighbours; k a
 * little above twice that lets mutual links form inside small topics without letting one item reach
 * into many topics (larger k measurably merged neighbouring topics).
 */
export const neighbourCount = (minSize: number): number => Math.max(10, 2 * minSize);

/**
 * How similar two unrelated items of this window are: the median and the robust spread (1.4826 ×
 * median absolute deviation, which equals the sd for a normal distribution) of sampled random pairs.
 * Median and MAD rather than mean and sd because the pairs inside topics, the very thing being looked
 * for, are a heavy upper tail that would otherwise inflate the baseline in a small window.
 */
export function similarityBaseline(matrix: VectorMatrix, samples = 20_000, seed = 7): { mean: number; sd: number } {
  if (matrix.rows < 2) return { mean: 1, sd: 0 };
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let s = 0; s < samples; s++) {
    const a = Math.floor(random() * matrix.rows);
    const b = (a + 1 + Math.floor(random() * (matrix.rows - 1))) % matrix.rows;
    values.push(dot(row(matrix, a), row(matrix, b)));
  }
  const center = medianOf(Float64Array.from(values));
  const spread = 1.4826 * medianOf(Float64Array.from(values, (v) => Math.abs(v - center)));
  return { mean: center, sd: spread };
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How similar two items must be to be linked: clearly above what two unrelated items of this window
 * score (centre + 2 robust sd, roughly the top 2.5 % of unrelated pairs). It is measured on the data,
 * so it adapts to the embedding model and to how homogeneous the help desk is.
 */
export const edgeFloorOf = ({ mean, sd }: { mean: number; sd: number }): number => Math.min(0.95, mean + 2 * sd);

/**
 * Modularity's resolution limit grows with the graph (communities under ~√(2m) edges get merged), so
 * a fixed resolution would find coarser topics in a bigger help desk. Scaling it as ρ·N/⟨strength⟩
 * makes Louvain behave like the constant Potts model with density ρ: two groups merge only when their
 * mean cross-link weight exceeds ρ, the same rule at 3,000 or 100,000 items. The density errs on the
 * fine side: a topic merged with its sibling hides a gap when one of the two has an article, while
 * two fragments of one uncovered topic are merely reported side by side.
 */
export const CROSS_DENSITY = 0.015;
/**
 * The density at which fragments are read as one subject after coverage (siblings.ts): the very merge
 * rule topics are found with. Louvain's moves are greedy and local, so it can leave apart two groups
 * whose mean link weight clears its own rule; uncovered fragments linked so are joined into one gap,
 * and an uncovered fragment linked so to a covered topic whose article its members find is covered.
 * (It was 0.01, the older coarser density; that also joined held-out siblings into one mixed gap.)
 */
export const GAP_JOIN_DENSITY = CROSS_DENSITY;
export const COHESION_SDS = 1.5;

/**
 * Drops groups cut out of a web of chance links. At the fine resolution used here, Louvain can carve
 * a handful of noise items that happen to be mutual neighbours out of the unrelated rest, and such a
 * group may pass the cohesion test; but most of its members' links lead back into that unrelated rest.
 * A real topic's links stay inside it or lead to a sibling topic (a neighbouring fragment of the same
 * subject), so a group keeps its place when at least half of its link ends are inside some topic.
 */
function withoutChanceGroups(groups: number[][], edges: readonly Edge[], rows: number): number[][] {
  const inTopic = new Uint8Array(rows);
  for (const members of groups) for (const i of members) inTopic[i] = 1;
  const linkEnds = new Uint32Array(rows);
  const topicLinkEnds = new Uint32Array(rows);
  for (const { a, b } of edges) {
    linkEnds[a]!++;
    linkEnds[b]!++;
    if (inTopic[b]) topicLinkEnds[a]!++;
    if (inTopic[a]) topicLinkEnds[b]!++;
  }
  return groups.filter((members) => {
    let ends = 0;
    let inside = 0;
    for (const i of members) {
      ends += linkEnds[i]!;
      inside += topicLinkEnds[i]!;
    }
    return inside * 2 >= ends;
  });
}

export async function findTopics(matrix: VectorMatrix, options: TopicOptions): Promise<TopicResult> {
  const started = Date.now();
  const table = await buildKnnTable(matrix, { k: neighbourCount(options.minSize), onProgress: options.onProgress, signal: options.signal });
  const knnMs = Date.now() - started;
  const baseline = similarityBaseline(matrix);
  const floor = edgeFloorOf(baseline);
  const edges = mutualEdges(table, floor);
  const linked = new Set<number>();
  let strength = 0;
  for (const edge of edges) {
    linked.add(edge.a);
    linked.add(edge.b);
    strength += 2 * edge.weight;
  }
  const resolution = linked.size > 0 ? Math.max(1, (CROSS_DENSITY * linked.size) / (strength / linked.size)) : 1;
  const communities = detectCommunities(matrix.rows, edges, { minSize: options.minSize, resolution });
  // Louvain partitions even a random graph; a chain of chance neighbours is not a topic. In a chain
  // only adjacent pairs are similar (≥ 2 sd, the floor) and the rest are unrelated, so the mean pair
  // sits near 1 sd; in a topic most pairs are related. The cut lies between the two: 1.5 sd.
  // Cohesion is judged on the community as Louvain found it; pruning first would flatter chance groups.
  const cohesion = baseline.mean + COHESION_SDS * baseline.sd;
  const cohesive = communities
    .filter((members) => meanPairwiseSimilarity(matrix, members) >= cohesion)
    .map((members) => attachedToWhole(matrix, members, cohesion))
    .filter((members) => members.length >= options.minSize);
  const topics = withoutChanceGroups(cohesive, edges, matrix.rows);
  const rank = Math.min(options.minSize, table.k) - 1;
  const reach = Float32Array.from({ length: matrix.rows }, (_, i) => table.similarity[i * table.k + rank]!);
  return { topics, edgeFloor: floor, baseline, cohesion, resolution, reach, edges, timings: { knnMs, communitiesMs: Date.now() - started - knnMs } };
}
