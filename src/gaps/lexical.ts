import winkUtils from "wink-nlp-utils";
import { eng } from "stopword";
import { normalize } from "./vectors.js";
import { isTrivialWord, lowerWords } from "./stopwords.js";

/**
 * Width of the hashed word vector. Feature hashing keeps cosine similarity approximately (signed
 * hashing makes collisions cancel on average); 256 slots measured as good as 512 or 1,024 on a
 * 3,000-ticket window while costing a quarter of the memory at 100,000 tickets.
 */
export const LEXICAL_DIMENSIONS = 256;

/**
 * The sentence model's share of the combined similarity; the words get the rest. Sentence embeddings
 * place paraphrases together but blur close siblings ("declined" vs "failed" transfer, "charged twice"
 * vs "extra fee"), which is exactly where the words differ; the words alone miss paraphrases. Mixing
 * both is the usual hybrid of dense and sparse retrieval. The dense side keeps most of the weight
 * because it is the better judge of meaning on its own.
 */
export const DENSE_WEIGHT = 0.7;

const functionWords = new Set(eng);

/** Content-word stems of a text: lower case, without function words and numbers, Porter2-stemmed. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const word of lowerWords(text)) {
    if (isTrivialWord(word) || functionWords.has(word)) continue;
    out.push(winkUtils.string.stem(word));
  }
  return out;
}

/** FNV-1a, 32-bit: a fast, well-spread hash for short strings; the top bit gives the sign. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * TF-IDF word vectors of fixed width, with the inverse document frequencies of one analysis window.
 * Hand-written because what is needed is a dense, fixed-width vector that can sit beside a sentence
 * embedding in one hnswlib index; the JavaScript TF-IDF libraries (natural, wink) score documents
 * against queries but do not produce such vectors, and a vocabulary-sized sparse vector per ticket
 * would not fit the index.
 */
export class LexicalSpace {
  private constructor(
    private readonly documentFrequency: Map<string, number>,
    private readonly documents: number,
  ) {}

  /**
   * Learns the word statistics of the window (IDF needs to know which words are common here), from
   * each text's contentStems(): callers stem once and pass the same lists to combine().
   */
  static fit(stemLists: Iterable<readonly string[]>): LexicalSpace {
    const frequency = new Map<string, number>();
    let documents = 0;
    for (const stems of stemLists) {
      documents++;
      for (const stem of new Set(stems)) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
    }
    return new LexicalSpace(frequency, documents);
  }

  /** Unit-length hashed TF-IDF vector of a text's stems (sublinear tf, smoothed IDF); all zeros for none. */
  vector(stems: readonly string[]): Float32Array {
    const out = new Float32Array(LEXICAL_DIMENSIONS);
    const counts = new Map<string, number>();
    for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
    for (const [stem, count] of counts) {
      const idf = Math.log((this.documents + 1) / ((this.documentFrequency.get(stem) ?? 0) + 1)) + 1;
      const hash = fnv1a(stem);
      out[hash % LEXICAL_DIMENSIONS]! += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count)) * idf;
    }
    return normalize(out);
  }

  /**
   * Sentence vector and word vector side by side, scaled so that the cosine of two combined vectors
   * is DENSE_WEIGHT × sentence cosine + (1 − DENSE_WEIGHT) × word cosine.
   */
  combine(dense: ArrayLike<number>, stems: readonly string[]): Float32Array {
    const out = new Float32Array(dense.length + LEXICAL_DIMENSIONS);
    const denseScale = Math.sqrt(DENSE_WEIGHT);
    for (let d = 0; d < dense.length; d++) out[d] = dense[d]! * denseScale;
    const words = this.vector(stems);
    const wordScale = Math.sqrt(1 - DENSE_WEIGHT);
    for (let d = 0; d < LEXICAL_DIMENSIONS; d++) out[dense.length + d] = words[d]! * wordScale;
    // A text without content words has no word part; rescaling keeps it a unit vector.
    return normalize(out);
  }
}
