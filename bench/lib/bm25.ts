import { KeywordIndex } from "../../src/adapters/index/keyword-index.js";

/**
 * The keyword-only baseline, computed in-process with the service's own BM25 index class (MiniSearch
 * with the same tokenising, prefix and typo settings), so the comparison isolates what the rest of the
 * service adds.
 */
export class Bm25Baseline {
  private readonly index = KeywordIndex.empty();

  constructor(docs: Array<{ id: string; text: string }>) {
    for (const doc of docs) this.index.upsert(doc.id, doc.text);
  }

  search(query: string, k: number): Array<{ id: string; score: number }> {
    return this.index.search(query, k).map((hit) => ({ id: hit.key, score: hit.score }));
  }

  /**
   * BM25 scores grow with the number of query terms; dividing by the term count puts short and long
   * questions on one scale, so a single threshold can mean "matched well enough".
   */
  static normalise(query: string, score: number): number {
    const terms = new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    return terms.size === 0 ? 0 : score / terms.size;
  }
}

/**
 * The lowest threshold whose answered set stays within `maxWrong` wrong (so the most answers), chosen on
 * labelled examples `{ score, right }`. Infinity when no threshold qualifies (answer nothing).
 */
export function chooseThreshold(examples: Array<{ score: number; right: boolean }>, maxWrong: number): number {
  const sorted = [...examples].sort((a, b) => b.score - a.score);
  let wrong = 0;
  let best = Number.POSITIVE_INFINITY;
  sorted.forEach((example, i) => {
    if (!example.right) wrong++;
    const next = sorted[i + 1];
    // Only cut between distinct scores: a threshold answers every example with an equal score.
    if (next && next.score === example.score) return;
    if (wrong / (i + 1) <= maxWrong) best = example.score;
  });
  return best;
}
