import { terms } from "./stopwords.js";

export interface TopicTerms {
  keywords: string[];
  label: string;
}

/**
 * Class-based TF-IDF (Grootendorst, BERTopic): each topic's texts are one document, and a term's
 * weight is its frequency in the topic times log(1 + A / f), where A is the average number of terms
 * per class and f the term's frequency across all classes. `background` is every other text of the
 * window (noise and other topics) so generic help-desk words score low everywhere.
 */
export function topicKeywords(topicTexts: string[][], background: Iterable<string>, topN = 8): TopicTerms[] {
  const classCounts = topicTexts.map((texts) => countTerms(texts));
  const backgroundCounts = countTerms(background);
  const total = new Map<string, number>(backgroundCounts);
  for (const counts of classCounts) for (const [term, n] of counts) total.set(term, (total.get(term) ?? 0) + n);
  const classes = [...classCounts, backgroundCounts];
  const averageTerms = classes.reduce((sum, counts) => sum + sumValues(counts), 0) / Math.max(1, classes.length);
  return classCounts.map((counts, c) => {
    const size = Math.max(1, topicTexts[c]!.length);
    const scored: Array<[string, number]> = [];
    for (const [term, n] of counts) {
      // A term needs to recur inside the topic: a word from one ticket is not what the topic is about.
      if (n < Math.max(2, Math.ceil(size * 0.1))) continue;
      const bigramBoost = term.includes(" ") ? 1.5 : 1;
      scored.push([term, (n / size) * Math.log(1 + averageTerms / (total.get(term) ?? n)) * bigramBoost]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const keywords = withoutOverlaps(scored.map(([term]) => term)).slice(0, topN);
    return { keywords, label: labelFrom(keywords) };
  });
}

function countTerms(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    // Presence per text, not raw frequency: one ticket repeating a word should not name the topic.
    for (const term of new Set(terms(text))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

const sumValues = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** Drops a word already shown inside a higher-ranked bigram ("customs", after "customs duties"). */
function withoutOverlaps(ranked: string[]): string[] {
  const kept: string[] = [];
  for (const term of ranked) {
    const words = term.split(" ");
    const covered = kept.some((k) => (words.length === 1 ? k.split(" ").includes(term) : words.every((w) => k === w)));
    if (covered) continue;
    if (words.length === 2) {
      // A bigram ranked below its own words replaces them rather than repeating them.
      for (const w of words) {
        const at = kept.indexOf(w);
        if (at >= 0) kept.splice(at, 1);
      }
    }
    kept.push(term);
  }
  return kept;
}

/** The two or three strongest terms, readable as a heading. */
export function labelFrom(keywords: string[]): string {
  const picked = keywords.slice(0, keywords[0]?.includes(" ") ? 2 : 3);
  if (picked.length === 0) return "Unlabelled topic";
  const text = picked.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
