import { dot, type VectorMatrix, row } from "./vectors.js";

export interface TopicShape {
  centroid: Float32Array;
  /**
   * Lowest similarity to the centroid that still counts as a member: that of the least central member.
   * (Members shaped the centroid, so they sit slightly closer to it than new items of the topic do.)
   */
  radius: number;
  /** How close a typical (median) member is to the centroid. */
  typicalSimilarity: number;
}

/** A topic's shape from its members: the centroid and how far its own members spread around it. */
export function topicShape(matrix: VectorMatrix, members: readonly number[], centroid: Float32Array): TopicShape {
  const similarities = members.map((i) => dot(row(matrix, i), centroid)).sort((a, b) => a - b);
  return { centroid, radius: similarities[0] ?? 1, typicalSimilarity: similarities[similarities.length >> 1] ?? 1 };
}

/**
 * Places items that were not clustered (last period's tickets, instant answers) into topics: the
 * nearest centroid, and only when the item is as close to it as the topic's own members are.
 * Returns the topic index per item, or -1.
 */
export function assignToTopics(vectors: readonly Float32Array[], shapes: readonly TopicShape[]): Int32Array {
  const out = new Int32Array(vectors.length).fill(-1);
  vectors.forEach((vector, i) => {
    let best = -1;
    let bestScore = -Infinity;
    shapes.forEach((shape, t) => {
      const score = dot(vector, shape.centroid);
      if (score >= shape.radius && score > bestScore) [best, bestScore] = [t, score];
    });
    out[i] = best;
  });
  return out;
}
