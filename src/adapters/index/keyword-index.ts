import MiniSearch from "minisearch";
import { eng } from "stopword";
import { documentFrequency, prunedSearch, type TermRules } from "./bm25-scorer.js";

export interface KeywordHit {
  key: string;
  score: number;
}

interface KeywordDoc {
  id: string;
  text: string;
}

const functionWords = new Set(eng);

/**
 * Function words ("the", "my", "how") match nearly every ticket: left in, a long question scores most
 * of a 100k-ticket index and BM25 gains nothing from them. Words that carry meaning in support text,
 * including "not", stay (the stopword list keeps negations).
 */
const processTerm = (term: string): string | null => {
  const lower = term.toLowerCase();
  return functionWords.has(lower) ? null : lower;
};

/** Prefix and typo tolerance help a short question with a misspelling; a long one has enough exact terms. */
const LONG_QUERY_TERMS = 8;
/**
 * Query pruning. A term in more than this share of the documents ("card" in a card issuer's help desk)
 * adds little to a ranking but made MiniSearch score, filter and sort every document holding it, so
 * the cost of a search grew with the index. Candidates are chosen by the query's informative terms
 * (at most CANDIDATE_TERMS, the rarest first: highest IDF); every query term still scores them.
 */
const COMMON_SHARE = 0.05;
const CANDIDATE_TERMS = 8;
/**
 * Below this many documents a search is cheap anyway, and 5 % of a few hundred documents is a handful:
 * candidates chosen by rare terms then miss relevant ones (hit@5 of BM25 alone fell 84.5 -> 82.8 % over
 * 1,000 tickets, none lost over 15,000). Article indexes (chunks and passages) usually stay below it.
 */
const PRUNE_FROM_DOCUMENTS = 5_000;
const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

// Light prefix and typo tolerance: customers misspell, but full fuzzy matching drowns BM25's signal.
const shortQuery: TermRules = { prefix: (term) => term.length > 4, fuzzy: (term) => (term.length > 5 ? 0.15 : 0) };
const longQuery: TermRules = { prefix: () => false, fuzzy: () => 0 };

const options = {
  fields: ["text"],
  storeFields: [] as string[],
  processTerm,
  searchOptions: shortQuery,
};

/**
 * BM25 keyword index beside the vector index (MiniSearch: BM25+ scoring with true incremental add and
 * remove, which wink-bm25 lacks once consolidated). Keys match the vector index's keys.
 */
export class KeywordIndex {
  private constructor(private readonly engine: MiniSearch<KeywordDoc>) {}

  static empty(): KeywordIndex {
    return new KeywordIndex(new MiniSearch<KeywordDoc>(options));
  }

  static fromJSON(json: string): KeywordIndex {
    return new KeywordIndex(MiniSearch.loadJSON<KeywordDoc>(json, options));
  }

  get size(): number {
    return this.engine.documentCount;
  }

  upsert(key: string, text: string): void {
    if (this.engine.has(key)) this.engine.discard(key);
    this.engine.add({ id: key, text });
  }

  remove(key: string): void {
    if (this.engine.has(key)) this.engine.discard(key);
  }

  search(text: string, k: number, accept?: (key: string) => boolean): KeywordHit[] {
    // Every occurrence counts, as in MiniSearch's own query (a repeated word scores twice).
    const terms = tokenize(text).map(processTerm).filter((term): term is string => !!term);
    const distinct = [...new Set(terms)];
    // Counted on words as written (as before pruning existed), so small indexes rank exactly as they did.
    const long = text.split(/\s+/).filter((word) => word && !functionWords.has(word.toLowerCase())).length > LONG_QUERY_TERMS;
    const rules = long ? longQuery : shortQuery;
    // Without pruning every document holding any term is a candidate: MiniSearch's own OR query.
    return prunedSearch(this.engine as MiniSearch<unknown>, terms, this.informativeTerms(distinct) ?? distinct, rules, k, accept);
  }

  /**
   * The terms that choose the candidates (the rarest, up to CANDIDATE_TERMS), or undefined when the
   * index is small or every term is informative or none is (then every term chooses).
   */
  private informativeTerms(terms: string[]): string[] | undefined {
    if (this.engine.documentCount < PRUNE_FROM_DOCUMENTS) return undefined;
    const common = this.engine.documentCount * COMMON_SHARE;
    const frequencies = terms.map((term) => ({ term, df: documentFrequency(this.engine as MiniSearch<unknown>, term) }));
    if (!frequencies.some(({ df }) => df > common)) return undefined;
    const informative = frequencies
      .filter(({ df }) => df <= common)
      .sort((a, b) => a.df - b.df)
      .slice(0, CANDIDATE_TERMS);
    // Only common terms: nothing better to choose by (the cost is then bounded by those few lists).
    return informative.length === 0 ? undefined : informative.map(({ term }) => term);
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }
}
