import type { Edge } from "./knn-graph.js";

/**
 * Which of the given groups belong together in the report. Average-linkage agglomeration on the
 * similarity graph: repeatedly join the two groups with the highest mean link weight over all their
 * member pairs, while that mean reaches `density` (the Potts-model merge rule Louvain applies at that
 * density, see topics.ts). Average rather than single linkage so that a fragment touching two subjects
 * does not chain them into one. Topics are found at a fine resolution so that a subject with an
 * article is not merged with a sibling without one; among topics that are all gaps, this coarser rule
 * joins the fragments of one subject so editors see it once.
 * Returns, per input group, the index of the joined group it belongs to (numbered from 0).
 */
export function joinLinkedGroups(groups: readonly number[][], edges: readonly Edge[], density: number): Int32Array {
  const groupOf = new Map<number, number>();
  groups.forEach((members, g) => members.forEach((i) => groupOf.set(i, g)));
  const size = groups.map((members) => members.length);
  // Link weight between live groups, keyed both ways: weights.get(a)?.get(b).
  const weights = new Map<number, Map<number, number>>();
  const addWeight = (a: number, b: number, weight: number) => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const row = weights.get(from) ?? new Map<number, number>();
      row.set(to, (row.get(to) ?? 0) + weight);
      weights.set(from, row);
    }
  };
  for (const { a, b, weight } of edges) {
    const ga = groupOf.get(a);
    const gb = groupOf.get(b);
    if (ga !== undefined && gb !== undefined && ga !== gb) addWeight(ga, gb, weight);
  }
  const owner = groups.map((_, g) => g);
  for (;;) {
    let best: [number, number] | undefined;
    let bestMean = density;
    for (const [a, row] of weights) {
      for (const [b, weight] of row) {
        const mean = weight / (size[a]! * size[b]!);
        if (a < b && mean >= bestMean) [best, bestMean] = [[a, b], mean];
      }
    }
    if (!best) break;
    const [keep, gone] = best;
    for (const [other, weight] of weights.get(gone) ?? []) {
      weights.get(other)?.delete(gone);
      if (other !== keep) addWeight(keep, other, weight);
    }
    weights.delete(gone);
    weights.get(keep)?.delete(gone);
    size[keep]! += size[gone]!;
    owner.forEach((o, g) => {
      if (o === gone) owner[g] = keep;
    });
  }
  return numberedInOrder(owner);
}

/** Group labels renumbered 0, 1, 2, … in the order they first appear, so output is stable. */
export function numberedInOrder(labels: ArrayLike<number>): Int32Array {
  const numbering = new Map<number, number>();
  return Int32Array.from(labels, (label) => {
    if (!numbering.has(label)) numbering.set(label, numbering.size);
    return numbering.get(label)!;
  });
}

/**
 * Uncovered fragments of a covered subject. Louvain at the fine density can leave a piece of a
 * covered topic apart, typically its tightest, templated core, whose members' neighbourhoods are
 * their near-duplicates, so that few of them count the article among their neighbours. Such a
 * fragment is the same subject as the covered topic by the rule topics are found with (their mean
 * link weight over all member pairs reaches `density`), and its members find the same article; it is
 * then covered by that article. A held-out sibling beside a covered topic is usually not linked that
 * densely, and when its members find the neighbour's article at all, it is the finer density that
 * kept the two apart in the first place.
 * `findsArticleOf(fragment, covered)` says whether the fragment's members find the covered group's
 * article. Returns, per group, the covered group it belongs to (the most densely linked one), or -1.
 */
export function coveredSubjectOf(
  groups: readonly number[][],
  covered: readonly boolean[],
  edges: readonly Edge[],
  density: number,
  findsArticleOf: (fragment: number, coveredGroup: number) => boolean,
): Int32Array {
  const groupOf = new Map<number, number>();
  groups.forEach((members, g) => members.forEach((i) => groupOf.set(i, g)));
  const weights = new Map<string, number>();
  for (const { a, b, weight } of edges) {
    const ga = groupOf.get(a);
    const gb = groupOf.get(b);
    if (ga === undefined || gb === undefined || ga === gb || covered[ga] === covered[gb]) continue;
    const [open, closed] = covered[ga] ? [gb, ga] : [ga, gb];
    const key = `${open},${closed}`;
    weights.set(key, (weights.get(key) ?? 0) + weight);
  }
  const out = new Int32Array(groups.length).fill(-1);
  const best = new Float64Array(groups.length);
  for (const [key, weight] of weights) {
    const [open, closed] = key.split(",").map(Number) as [number, number];
    const mean = weight / (groups[open]!.length * groups[closed]!.length);
    if (mean < density || mean <= best[open]! || !findsArticleOf(open, closed)) continue;
    out[open] = closed;
    best[open] = mean;
  }
  return out;
}
