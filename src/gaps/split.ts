import { centroid, dot, row, type VectorMatrix } from "./vectors.js";

/**
 * Two halves of a topic by spherical 2-means (cosine), started from its least central member and the
 * member least like that one, so the result is deterministic. Used to ask whether an article that
 * covers a topic covers all of it: at the density topics are found at, a question without an article
 * can sit in one community with a close sibling that has one (see coverage in analyze.ts). O(n·d) per
 * pass over the topic's members. Returns undefined when either half would be smaller than `minSize`.
 */
export function bisect(matrix: VectorMatrix, members: readonly number[], minSize: number, passes = 20): [number[], number[]] | undefined {
  if (members.length < 2 * minSize) return undefined;
  const whole = centroid(matrix, members);
  const first = members.reduce((x, y) => (dot(row(matrix, y), whole) < dot(row(matrix, x), whole) ? y : x));
  const second = members.reduce((x, y) => (dot(row(matrix, y), row(matrix, first)) < dot(row(matrix, x), row(matrix, first)) ? y : x));
  let centres: Float32Array[] = [Float32Array.from(row(matrix, first)), Float32Array.from(row(matrix, second))];
  let halves: [number[], number[]] = [[], []];
  for (let pass = 0; pass < passes; pass++) {
    const next: [number[], number[]] = [[], []];
    for (const i of members) next[dot(row(matrix, i), centres[0]!) >= dot(row(matrix, i), centres[1]!) ? 0 : 1].push(i);
    if (next[0].length === 0 || next[1].length === 0) return undefined;
    const same = next[0].length === halves[0].length && next[0].every((i, j) => halves[0][j] === i);
    halves = next;
    if (same) break;
    centres = [centroid(matrix, halves[0]), centroid(matrix, halves[1])];
  }
  return halves[0].length >= minSize && halves[1].length >= minSize ? halves : undefined;
}

/** z of the two-proportion test (pooled), positive when the first share is the higher. */
export function proportionZ(hits1: number, n1: number, hits2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const pooled = (hits1 + hits2) / (n1 + n2);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (spread === 0) return 0;
  return (hits1 / n1 - hits2 / n2) / spread;
}

/**
 * The z a split must reach: two-sided 5 % for the whole run, Bonferroni-corrected for the number of
 * covered topics examined in it (z for α / tests). A test at 5 % for each of a hundred covered topics
 * would split a few homogeneous ones by chance every run, each a false gap; the correction keeps the
 * chance of even one such split per run near 5 %, at any window size (about 3.4 for 80 topics, 4.6
 * for 5,000).
 */
export function splitZ(tests: number, alpha = 0.05): number {
  const target = alpha / Math.max(1, tests);
  let [low, high] = [0, 12];
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (twoSidedTail(mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** P(|Z| ≥ z) for a standard normal: erfc(z / √2), by Abramowitz & Stegun 7.1.26 (error < 1.5e-7). */
export function twoSidedTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}

/**
 * Whether a candidate split is made. The reach test (the open half finds the covering article within
 * its members' neighbourhoods less often, `z`) must reach the bar on its own, and so must its evidence
 * combined with the nearest-article test (the open half has that article as its nearest one less
 * often, `zNearest`) by Stouffer's sum (z + zNearest) / √2. The reach test alone is fooled by a half
 * that is merely tighter than the other, or worded further from the article: a templated core whose
 * neighbourhoods are its near-duplicates still names the covering article as its nearest, just not
 * within reach. A question the article does not answer differs on both counts. Both conditions must
 * hold, so the run's chance of a false split can only fall below what `bar` allows.
 */
export function splitHolds(z: number, zNearest: number, bar: number): boolean {
  return z >= bar && (z + zNearest) / Math.SQRT2 >= bar;
}

export interface JudgedHalf {
  /** Whether the article vote covers this half on its own. */
  covered: boolean;
  coveredBy?: string;
  /** Share of the half's sampled members that voted for `coveredBy`. */
  share: number;
}

/**
 * Which half of a covered topic is the candidate to stand apart, as [open, covered] indices: the half
 * the vote does not cover; or, when the vote covers both halves with the same article, the half that
 * finds it less often. A question without an article can collect a share of its sibling's votes above
 * the vote bar (its members are that close), while the sibling collects far more; whether the
 * difference is more than sampling is left to the split test (splitHolds). Undefined when neither half
 * is covered, or when each is covered by a different article (two answered subjects).
 */
export function openHalfOf(halves: readonly [JudgedHalf, JudgedHalf]): [number, number] | undefined {
  const [a, b] = halves;
  if (a.covered !== b.covered) return a.covered ? [1, 0] : [0, 1];
  if (!a.covered || a.coveredBy === undefined || a.coveredBy !== b.coveredBy) return undefined;
  return a.share <= b.share ? [0, 1] : [1, 0];
}
