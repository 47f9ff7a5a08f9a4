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
    const long = text.split(/\s+/).filter((word) => word && !functionWords.has(word.toLowerCase())).length > LONG_QUERY_TERMS;
    return this.engine
      .search(text, { ...(filter ? { filter } : {}), ...(long ? { prefix: false, fuzzy: false } : {}) })
      .slice(0, k)
      .map((result) => ({ key: String(result.id), score: result.score }));
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }
}
