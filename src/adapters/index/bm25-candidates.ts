import type MiniSearch from "minisearch";

/** Term -> field id -> short document id -> term frequency. */
type FieldTermData = Map<number, Map<number, number>>;

/**
 * The parts of MiniSearch (7.x) that scoring a chosen set of documents needs. They are not public API:
 * tests/unit/adapters/index/keyword-index.test.ts checks the scores against MiniSearch's own search,
 * so an upgrade that changes them fails there rather than ranking silently differently.
 */
interface Internals {
  _index: {
    get(term: string): FieldTermData | undefined;
    atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  };
  _documentCount: number;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
}

export interface TermRules {
  prefix(term: string): boolean;
  /** Share of the term's length allowed as edit distance (0: none). */
  fuzzy(term: string): number;
}

/** MiniSearch's defaults: BM25+ parameters, weights of prefix and fuzzy matches, largest edit distance. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { prefix: 0.375, fuzzy: 0.45 };
const MAX_FUZZY = 6;
const FIELD = 0;

export const documentFrequency = (engine: MiniSearch<unknown>, term: string): number =>
  (engine as unknown as Internals)._index.get(term)?.get(FIELD)?.size ?? 0;

/** The index terms a query term matches, with MiniSearch's weight for each (exact 1, then prefix, then fuzzy). */
function expansions(index: Internals["_index"], term: string, rules: TermRules): Array<{ postings: Map<number, number>; weight: number; df: number }> {
  const found = new Map<string, { data: FieldTermData; weight: number }>();
  const exact = index.get(term);
  if (exact) found.set(term, { data: exact, weight: 1 });
  if (rules.prefix(term)) {
    for (const [match, data] of index.atPrefix(term)) {
      const distance = match.length - term.length;
      if (distance > 0) found.set(match, { data, weight: (WEIGHTS.prefix * match.length) / (match.length + 0.3 * distance) });
    }
  }
  const share = rules.fuzzy(term);
  const maxDistance = share > 0 ? Math.min(MAX_FUZZY, Math.round(term.length * share)) : 0;
  if (maxDistance > 0) {
    for (const [match, [data, distance]] of index.fuzzyGet(term, maxDistance)) {
      // A prefix match is scored as one, as MiniSearch does.
      if (distance > 0 && !found.has(match)) found.set(match, { data, weight: (WEIGHTS.fuzzy * match.length) / (match.length + distance) });
    }
  }
  return [...found.values()].flatMap(({ data, weight }) => {
    const postings = data.get(FIELD);
    return postings ? [{ postings, weight, df: postings.size }] : [];
  });
}

/**
 * MiniSearch's score of each candidate for the whole query (every occurrence of every term, with its
 * prefix and fuzzy matches, times the number of distinct query terms matched), computed by looking the
 * candidates up in each term's postings instead of walking the postings: the cost depends on the
 * candidates and the query, not on how many documents hold a common term.
 */
export function scoreCandidates(engine: MiniSearch<unknown>, terms: string[], candidates: Iterable<string>, rules: TermRules): Array<{ key: string; score: number }> {
  const internals = engine as unknown as Internals;
  const total = internals._documentCount;
  const average = internals._avgFieldLength[FIELD] ?? 1;
  const byTerm = new Map<string, ReturnType<typeof expansions>>();
  for (const term of terms) if (!byTerm.has(term)) byTerm.set(term, expansions(internals._index, term, rules));
  const scored: Array<{ key: string; score: number }> = [];
  for (const key of candidates) {
    const id = internals._idToShortId.get(key);
    if (id === undefined) continue;
    const length = internals._fieldLength.get(id)?.[FIELD] ?? 0;
    const norm = BM25.k * (1 - BM25.b + (BM25.b * length) / average);
    let score = 0;
    const matched = new Set<string>();
    for (const term of terms) {
      for (const { postings, weight, df } of byTerm.get(term)!) {
        const tf = postings.get(id);
        if (!tf) continue;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        score += weight * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm));
        matched.add(term);
      }
    }
    if (matched.size > 0) scored.push({ key, score: score * matched.size });
  }
  return scored.sort((a, b) => b.score - a.score);
}
