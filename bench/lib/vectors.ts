import { gaussian, mulberry32 } from "./random.js";

/**
 * Clustered synthetic unit vectors shaped like sentence embeddings of help-desk questions. Uniform
 * random vectors are the wrong yardstick for an ANN index: in 512 dimensions they are all nearly
 * orthogonal, so "nearest" means little (unrealistically hard), while a few tight blobs are trivially
 * easy. Real USE vectors of BANKING77 (measured by `index --real`) share a strong common direction
 * (mean pairwise cosine ~0.41 across intents), sit closer within an intent (~0.62) and have
 * near-paraphrases (top-1 neighbour ~0.85). The generator builds that hierarchy:
 *
 *   vector = normalise( √.34·common + √.12·topic + √.18·intent + √.22·paraphrase-group + √.14·noise )
 *
 * with ~200 vectors per intent, 10 intents per topic and paraphrase groups of ~8, so that the expected
 * cosines are ~0.34 across topics, ~0.46 across intents of a topic, ~0.64 within an intent and ~0.86
 * within a paraphrase group (measured on 2,500 of 10k: top-1 0.84, top-10 0.65, mean pair 0.35; the
 * real USE vectors: 0.85, 0.75, 0.41, so the synthetic set is slightly less clustered, which errs towards
 * lower recall). Everything is seeded: the parent and the index child processes rebuild
 * the same data independently.
 */
const WEIGHTS = { common: 0.34, topic: 0.12, intent: 0.18, group: 0.22, noise: 0.14 };
export const PER_INTENT = 200;
export const INTENTS_PER_TOPIC = 10;
export const GROUP_SIZE = 8;

function unit(next: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let sum = 0;
  for (let i = 0; i < dim; i++) {
    const x = next();
    v[i] = x;
    sum += x * x;
  }
  const norm = Math.sqrt(sum);
  for (let i = 0; i < dim; i++) v[i]! /= norm;
  return v;
}

function normaliseInto(target: Float32Array, offset: number, dim: number): void {
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += target[offset + i]! ** 2;
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < dim; i++) target[offset + i]! /= norm;
}

export interface VectorSet {
  dim: number;
  count: number;
  /** count × dim, row-major, each row unit length. */
  data: Float32Array;
}

export const row = (set: VectorSet, i: number): Float32Array => set.data.subarray(i * set.dim, (i + 1) * set.dim);

/** `n` base vectors and `queries` query vectors (half near-paraphrases of indexed groups, half new groups of known intents). */
export function clusteredVectors(n: number, queries: number, dim = 512, seed = 7): { base: VectorSet; queries: VectorSet } {
  const next = gaussian(mulberry32(seed));
  const intents = Math.max(1, Math.round(n / PER_INTENT));
  const topics = Math.max(1, Math.ceil(intents / INTENTS_PER_TOPIC));
  const groups = Math.max(1, Math.round(n / GROUP_SIZE));
  const common = unit(next, dim);
  const topicCenters = Array.from({ length: topics }, () => unit(next, dim));
  const intentCenters = Array.from({ length: intents }, () => unit(next, dim));
  const groupCenters = new Float32Array(groups * dim);
  for (let g = 0; g < groups; g++) groupCenters.set(unit(next, dim), g * dim);
  const w = Object.fromEntries(Object.entries(WEIGHTS).map(([k, v]) => [k, Math.sqrt(v)])) as Record<keyof typeof WEIGHTS, number>;
  const pick = mulberry32(seed + 1);

  const fill = (target: Float32Array, index: number, group: number, groupVector: Float32Array | undefined) => {
    const intent = group % intents;
    const topic = intent % topics;
    const t = topicCenters[topic]!;
    const c = intentCenters[intent]!;
    const off = index * dim;
    for (let i = 0; i < dim; i++) {
      const g = groupVector ? groupVector[i]! : groupCenters[group * dim + i]!;
      target[off + i] = w.common * common[i]! + w.topic * t[i]! + w.intent * c[i]! + w.group * g + (w.noise * next()) / Math.sqrt(dim);
    }
    normaliseInto(target, off, dim);
  };

  const base = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) fill(base, i, Math.floor(pick() * groups), undefined);
  const q = new Float32Array(queries * dim);
  for (let i = 0; i < queries; i++) {
    const group = Math.floor(pick() * groups);
    fill(q, i, group, i % 2 === 0 ? undefined : unit(next, dim));
  }
  return { base: { dim, count: n, data: base }, queries: { dim, count: queries, data: q } };
}

const dot = (a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number => {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < dim; i += 4) {
    s0 += a[aOff + i]! * b[bOff + i]!;
    s1 += a[aOff + i + 1]! * b[bOff + i + 1]!;
    s2 += a[aOff + i + 2]! * b[bOff + i + 2]!;
    s3 += a[aOff + i + 3]! * b[bOff + i + 3]!;
  }
  return s0 + s1 + s2 + s3;
};

/**
 * Exact top-k by cosine (vectors are unit length, so a dot product): the baseline every ANN figure is
 * compared with. A plain single-threaded scan, as tight as plain JS gets (unrolled dot product, a
 * k-sized insertion list), so the speed-up ratio is not flattered by a slow baseline.
 */
export function exactTopK(base: VectorSet, query: Float32Array, k: number): Int32Array {
  const ids = new Int32Array(k).fill(-1);
  const scores = new Float64Array(k).fill(-Infinity);
  for (let j = 0; j < base.count; j++) {
    const s = dot(base.data, j * base.dim, query, 0, base.dim);
    if (s <= scores[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && scores[p - 1]! < s) {
      scores[p] = scores[p - 1]!;
      ids[p] = ids[p - 1]!;
      p--;
    }
    scores[p] = s;
    ids[p] = j;
  }
  return ids;
}

/** Mean cosine profile of a sample (how "clustered" a set is): top-1 and top-10 neighbour, and all pairs. */
export function similarityProfile(set: VectorSet, sample = 1500): { nn1: number; nn10: number; meanPair: number } {
  const m = Math.min(sample, set.count);
  let nn1 = 0;
  let nn10 = 0;
  let pairs = 0;
  for (let i = 0; i < m; i++) {
    const sims: number[] = [];
    for (let j = 0; j < m; j++) if (j !== i) sims.push(dot(set.data, i * set.dim, set.data, j * set.dim, set.dim));
    sims.sort((a, b) => b - a);
    nn1 += sims[0] ?? 0;
    nn10 += sims[9] ?? 0;
    pairs += sims.reduce((s, v) => s + v, 0) / Math.max(1, sims.length);
  }
  const r = (v: number) => Math.round((v / m) * 1000) / 1000;
  return { nn1: r(nn1), nn10: r(nn10), meanPair: r(pairs) };
}
