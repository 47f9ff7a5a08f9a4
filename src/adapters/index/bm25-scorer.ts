import { createRequire } from "node:module";
import { LRUCache } from "lru-cache";
import type MiniSearch from "minisearch";

/** The part of mnemonist's FixedReverseHeap used here: keeps the `capacity` smallest items by `compare`. */
interface BoundedHeap {
  push(item: number): number;
  /** The items kept, smallest first. */
  consume(): ArrayLike<number>;
}
// mnemonist is CommonJS with typings that declare an ES default export: under NodeNext, TypeScript and
// Node disagree on what its default import is, so the class is required and typed here.
const FixedReverseHeap = createRequire(import.meta.url)("mnemonist/fixed-reverse-heap.js") as new (
  arrayClass: Uint32ArrayConstructor,
  compare: (a: number, b: number) => number,
  capacity: number,
) => BoundedHeap;

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
  /** Live documents only: a discarded one stays in the postings until MiniSearch vacuums them. */
  _documentIds: Map<number, string>;
  /** Short ids are handed out in sequence from 0 and never reused: every id is below this. */
  _nextId: number;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  /** Discarded documents whose postings are not vacuumed yet; a finished vacuum lowers it. */
  _dirtCount: number;
  /** Public: a vacuum is editing the postings, in batches between which searches can run. */
  readonly isVacuuming: boolean;
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

/**
 * The expansions of recent query terms, per index and per term rules, while the index is unchanged.
 * Finding a term's typo matches walks MiniSearch's radix tree with an edit-distance matrix (its
 * fuzzyGet): under suggestion load at 15,000 tickets that walk alone was ~4 % of the main thread
 * (CPU profile, 30 November 2026), and a help desk's questions reuse the same words all day. The stamp
 * (next short id, live documents, discarded-but-not-vacuumed documents) changes with every add,
 * discard and finished vacuum, and then the cache starts afresh; while a vacuum edits the postings
 * nothing is cached. So results are those of computing every expansion anew.
 */
const EXPANSION_CACHE_TERMS = 10_000;
const expansionCaches = new WeakMap<Internals, { stamp: string; byRules: Map<TermRules, LRUCache<string, Expansion[]>> }>();

function expansionCacheFor(internals: Internals, rules: TermRules): LRUCache<string, Expansion[]> | undefined {
  if (internals.isVacuuming) return undefined;
  const stamp = `${internals._nextId}:${internals._documentCount}:${internals._dirtCount}`;
  let cache = expansionCaches.get(internals);
  if (cache?.stamp !== stamp) {
    cache = { stamp, byRules: new Map() };
    expansionCaches.set(internals, cache);
  }
  let terms = cache.byRules.get(rules);
  if (!terms) {
    terms = new LRUCache<string, Expansion[]>({ max: EXPANSION_CACHE_TERMS });
    cache.byRules.set(rules, terms);
  }
  return terms;
}

/**
 * Which short ids are candidates of the current query, and at which position: typed arrays indexed by
 * short id instead of a Set and a Map, which at 100,000 tickets (10,000+ candidates a query) cost
 * more than the scoring itself. A generation stamp marks the current query's entries, so nothing is
 * cleared between queries. Shared by every index: a search runs to the end without yielding.
 */
const candidates = { generation: 0, stamp: new Uint32Array(0), position: new Int32Array(0) };

function startCandidates(nextId: number): void {
  if (candidates.stamp.length < nextId) {
    const size = Math.max(nextId, candidates.stamp.length * 2, 1024);
    candidates.stamp = new Uint32Array(size);
    candidates.position = new Int32Array(size);
    candidates.generation = 0;
  }
  candidates.generation++;
  if (candidates.generation === 0xffffffff) {
    candidates.stamp.fill(0);
    candidates.generation = 1;
  }
}

/** The candidate position of short id `id`, or -1 when it is not a candidate of the current query. */
const positionOf = (id: number): number => (candidates.stamp[id] === candidates.generation ? candidates.position[id]! : -1);

/** A query's distinct terms, how often each occurs (MiniSearch counts every occurrence), and their expansions. */
class ScoredQuery {
  private readonly distinct: Array<{ occurrences: number; expansions: Expansion[] }> = [];
  private readonly byTerm = new Map<string, { occurrences: number; expansions: Expansion[] }>();

  constructor(
    private readonly internals: Internals,
    terms: string[],
    rules: TermRules,
  ) {
    const cache = expansionCacheFor(internals, rules);
    for (const term of terms) {
      const known = this.byTerm.get(term);
      if (known) known.occurrences++;
      else {
        let termExpansions = cache?.get(term);
        if (!termExpansions) {
          termExpansions = expansions(internals, term, rules);
          cache?.set(term, termExpansions);
        }
        const entry = { occurrences: 1, expansions: termExpansions };
        this.byTerm.set(term, entry);
        this.distinct.push(entry);
      }
    }
  }

  /**
   * The documents holding one of `terms` (or a prefix or typo match of it), each with its score for
   * the whole query. Discarded documents stay in MiniSearch's postings until it vacuums; they are
   * scored like the rest and dropped by rank(), which looks every key up anyway.
   */
  scoreDocumentsWith(terms: string[]): { ids: number[]; scores: Float64Array } {
    const ids = this.documentsWith(terms);
    return { ids, scores: this.scores(ids) };
  }

  /** Marks the candidates (see `candidates`) and lists them in the order they were found. */
  private documentsWith(terms: string[]): number[] {
    startCandidates(this.internals._nextId);
    const { stamp, position, generation } = candidates;
    const ids: number[] = [];
    for (const term of terms) {
      for (const { postings } of this.byTerm.get(term)?.expansions ?? []) {
        for (const id of postings.keys()) {
          if (stamp[id] === generation) continue;
          stamp[id] = generation;
          position[id] = ids.length;
          ids.push(id);
        }
      }
    }
    return ids;
  }

  /**
   * MiniSearch's BM25+ score of each document: every occurrence of every term, times the distinct
   * terms matched. Each expansion is matched the cheaper way round: a rare one (a typo variant, a long
   * prefix match) by walking its postings, a common one by looking each document up in it, so the cost
   * is the sum of min(postings, documents) rather than documents × expansions.
   */
  private scores(ids: number[]): Float64Array {
    // `ids` is the list documentsWith() just returned: positionOf() reads the marks it left.
    const count = ids.length;
    const norms = new Float64Array(count);
    const average = this.internals._avgFieldLength[FIELD] ?? 1;
    for (let i = 0; i < count; i++) {
      const length = this.internals._fieldLength.get(ids[i]!)?.[FIELD] ?? 0;
      norms[i] = BM25.k * (1 - BM25.b + (BM25.b * length) / average);
    }
    const sums = new Float64Array(count);
    const matched = new Uint16Array(count);
    const lastTerm = new Int32Array(count).fill(-1);
    this.distinct.forEach(({ occurrences, expansions: matches }, term) => {
      const add = (i: number, tf: number, weightedIdf: number) => {
        sums[i]! += occurrences * weightedIdf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norms[i]!));
        if (lastTerm[i] !== term) {
          lastTerm[i] = term;
          matched[i]!++;
        }
      };
      for (const { postings, weightedIdf } of matches) {
        if (postings.size < count) {
          for (const [id, tf] of postings) {
            const i = positionOf(id);
            if (i >= 0 && tf) add(i, tf, weightedIdf);
          }
        } else {
          for (let i = 0; i < count; i++) {
            const tf = postings.get(ids[i]!);
            if (tf) add(i, tf, weightedIdf);
          }
        }
      }
    });
    for (let i = 0; i < count; i++) sums[i]! *= matched[i]!;
    return sums;
  }
}

/**
 * The best `limit` documents that `accept` lets through, best first (ties in candidate order, as a
 * stable sort would leave them); `accept` is asked only until enough pass. Most candidates are never
 * returned, so the best few are kept in a bounded heap instead of sorting them all (at 100,000
 * tickets a query has 10,000+ candidates); when the filter turns too many of them away, the next,
 * larger slice continues where the last one ended.
 */
function rank(
  { ids, scores }: { ids: number[]; scores: Float64Array },
  keyOf: (id: number) => string | undefined,
  limit: number,
  accept?: (key: string) => boolean,
): Array<{ key: string; score: number }> {
  const ranked: Array<{ key: string; score: number }> = [];
  if (ids.length === 0 || limit <= 0) return ranked;
  const better = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  let seen = 0;
  for (let slice = Math.max(limit * 4, 32); ; slice *= 8) {
    const best = new FixedReverseHeap(Uint32Array, better, Math.min(slice, ids.length));
    for (let i = 0; i < ids.length; i++) if (scores[i]! > 0) best.push(i);
    const order = best.consume();
    for (let j = seen; j < order.length && ranked.length < limit; j++) {
      const i = order[j]!;
      const key = keyOf(ids[i]!);
      if (key === undefined || (accept && !accept(key))) continue;
      ranked.push({ key, score: scores[i]! });
    }
    if (ranked.length >= limit || order.length < slice) return ranked;
    seen = order.length;
  }
}

/**
 * BM25 search over the documents holding one of `chooseBy`, found in those terms' postings, each
 * scored on every query term: MiniSearch's own ranking restricted to those documents. With every
 * query term as `chooseBy` it is MiniSearch's OR query at about half its cost (no per-document match
 * bookkeeping: 0.38 -> 0.22 ms per one-sentence query over 1,000 tickets); with the informative terms
 * only, it is the pruned search, which used to run MiniSearch's search just to choose the candidates
 * and then score them again (2.8 -> 1.45 ms at 15,000 tickets).
 */
export function prunedSearch(
  engine: MiniSearch<unknown>,
  terms: string[],
  chooseBy: string[],
  rules: TermRules,
  limit: number,
  accept?: (key: string) => boolean,
): Array<{ key: string; score: number }> {
  const internals = engine as unknown as Internals;
  const scored = new ScoredQuery(internals, terms, rules).scoreDocumentsWith(chooseBy);
  return rank(scored, (id) => internals._documentIds.get(id), limit, accept);
}
