import MiniSearch from "minisearch";
import { eng } from "stopword";

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
 * adds little to a ranking but makes MiniSearch score, filter and sort every document holding it, so
 * the cost of a search grows with the index. Candidates are chosen by the query's informative terms
 * (at most CANDIDATE_TERMS, the rarest first: highest IDF); every query term still scores them.
 */
const COMMON_SHARE = 0.05;
const CANDIDATE_TERMS = 8;
const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

/** MiniSearch's postings (term -> field id -> document -> frequency): read only, for document frequencies. */
interface Postings {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
}

const options = {
  fields: ["text"],
  storeFields: [] as string[],
  processTerm,
  // Light prefix and typo tolerance: customers misspell, but full fuzzy matching drowns BM25's signal.
  searchOptions: { prefix: (term: string) => term.length > 4, fuzzy: (term: string) => (term.length > 5 ? 0.15 : 0) },
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
    const filter = accept ? (result: { id: string }) => accept(result.id) : undefined;
    const terms = [...new Set(tokenize(text).map(processTerm).filter((term): term is string => !!term))];
    const exactOnly = terms.length > LONG_QUERY_TERMS ? { prefix: false, fuzzy: false } : {};
    const candidates = this.candidates(terms, exactOnly);
    return this.engine
      .search(text, { ...exactOnly, ...(filter ? { filter } : {}), ...(candidates ? { boostDocument: (id: unknown) => (candidates.has(id as string) ? 1 : 0) } : {}) })
      .slice(0, k)
      .map((result) => ({ key: String(result.id), score: result.score }));
  }

  /**
   * The documents that hold one of the query's informative terms, or undefined when every term is
   * informative (then a plain search costs no more). MiniSearch skips any other document before it
   * builds a result for it, and the scores of the ones kept are unchanged.
   */
  private candidates(terms: string[], exactOnly: object): Set<string> | undefined {
    const postings = (this.engine as unknown as Postings)._index;
    const common = this.engine.documentCount * COMMON_SHARE;
    const frequencies = terms.map((term) => ({ term, df: postings.get(term)?.get(0)?.size ?? 0 }));
    if (!frequencies.some(({ df }) => df > common)) return undefined;
    const informative = frequencies
      .filter(({ df }) => df <= common)
      .sort((a, b) => a.df - b.df)
      .slice(0, CANDIDATE_TERMS);
    // Only common terms: nothing better to choose by (the cost is then bounded by those few lists).
    if (informative.length === 0) return undefined;
    return new Set(this.engine.search(informative.map(({ term }) => term).join(" "), exactOnly).map((result) => String(result.id)));
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }
}
