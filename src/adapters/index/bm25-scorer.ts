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
  /** Live documents only: a discarded one stays in the postings until MiniSearch vacuums them. */
  _documentIds: Map<number, string>;
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

interface Expansion {
  postings: Map<number, number>;
  /** MiniSearch's weight for the match (exact 1, then prefix, then fuzzy) times the term's IDF. */
  weightedIdf: number;
}

/** The index terms a query term matches, each with its weight (exact 1, then prefix, then fuzzy) and IDF. */
function expansions(internals: Internals, term: string, rules: TermRules): Expansion[] {
  const index = internals._index;
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
  const total = internals._documentCount;
  // The document frequency counts discarded documents until MiniSearch vacuums (on its own, once about
  // a tenth of the index is dirty): counting live ones would walk every posting list, the very cost
  // pruning avoids, for an IDF that moves by a few per cent at most.
  return [...found.values()].flatMap(({ data, weight }) => {
    const postings = data.get(FIELD);
    if (!postings) return [];
    const df = postings.size;
    return [{ postings, weightedIdf: weight * Math.log(1 + (total - df + 0.5) / (df + 0.5)) }];
  });
}

/** A query's terms (every occurrence, as MiniSearch counts them) with their expansions, looked up once. */
class ScoredQuery {
  /** For each occurrence: which distinct term it is, and that term's expansions. */
  private readonly occurrences: Array<{ distinct: number; expansions: Expansion[] }>;
  private readonly byTerm = new Map<string, { distinct: number; expansions: Expansion[] }>();
  private readonly matchedAt: Int32Array;
  private round = 0;

  constructor(
    private readonly internals: Internals,
    terms: string[],
    rules: TermRules,
  ) {
    for (const term of terms) if (!this.byTerm.has(term)) this.byTerm.set(term, { distinct: this.byTerm.size, expansions: expansions(internals, term, rules) });
    this.occurrences = terms.map((term) => this.byTerm.get(term)!);
    this.matchedAt = new Int32Array(this.byTerm.size).fill(-1);
  }

  /** Live documents holding one of `terms` (or a prefix or typo match of it). */
  documentsWith(terms: string[]): Set<number> {
    const ids = new Set<number>();
    for (const term of terms) {
      for (const { postings } of this.byTerm.get(term)?.expansions ?? []) {
        for (const id of postings.keys()) if (this.internals._documentIds.has(id)) ids.add(id);
      }
    }
    return ids;
  }

  /** MiniSearch's BM25+ score of one document: every occurrence of every term, times the distinct terms matched. */
  score(id: number): number {
    const length = this.internals._fieldLength.get(id)?.[FIELD] ?? 0;
    const norm = BM25.k * (1 - BM25.b + (BM25.b * length) / (this.internals._avgFieldLength[FIELD] ?? 1));
    const round = this.round++;
    let score = 0;
    let matched = 0;
    for (const { distinct, expansions: matches } of this.occurrences) {
      for (const { postings, weightedIdf } of matches) {
        const tf = postings.get(id);
        if (!tf) continue;
        score += weightedIdf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm));
        if (this.matchedAt[distinct] !== round) {
          this.matchedAt[distinct] = round;
          matched++;
        }
      }
    }
    return score * matched;
  }
}

function rank(query: ScoredQuery, ids: Iterable<number>, keyOf: (id: number) => string | undefined, accept?: (key: string) => boolean): Array<{ key: string; score: number }> {
  const scored: Array<{ key: string; score: number }> = [];
  for (const id of ids) {
    const key = keyOf(id);
    if (key === undefined || (accept && !accept(key))) continue;
    const score = query.score(id);
    if (score > 0) scored.push({ key, score });
  }
  return scored.sort((a, b) => b.score - a.score);
}

/**
 * MiniSearch's score of each candidate for the whole query (every occurrence of every term, with its
 * prefix and fuzzy matches, times the number of distinct query terms matched), computed by looking the
 * candidates up in each term's postings instead of walking the postings: the cost depends on the
 * candidates and the query, not on how many documents hold a common term.
 */
export function scoreCandidates(engine: MiniSearch<unknown>, terms: string[], candidates: Iterable<string>, rules: TermRules): Array<{ key: string; score: number }> {
  const internals = engine as unknown as Internals;
  const ids = [...candidates].flatMap((key) => {
    const id = internals._idToShortId.get(key);
    return id === undefined ? [] : [id];
  });
  return rank(new ScoredQuery(internals, terms, rules), ids, (id) => internals._documentIds.get(id));
}

/**
 * BM25 search over the documents holding one of `chooseBy`, found in those terms' postings, each
 * scored on every query term: MiniSearch's own ranking restricted to those documents. With every
 * query term as `chooseBy` it is MiniSearch's OR query at about half its cost (no per-document match
 * bookkeeping: 0.38 -> 0.22 ms per one-sentence query over 1,000 tickets); with the informative terms
 * only, it is the pruned search, which used to run MiniSearch's search just to choose the candidates
 * and then score them again (2.8 -> 1.45 ms at 15,000 tickets).
 */
export function prunedSearch(engine: MiniSearch<unknown>, terms: string[], chooseBy: string[], rules: TermRules, accept?: (key: string) => boolean): Array<{ key: string; score: number }> {
  const internals = engine as unknown as Internals;
  const query = new ScoredQuery(internals, terms, rules);
  return rank(query, query.documentsWith(chooseBy), (id) => internals._documentIds.get(id), accept);
}
