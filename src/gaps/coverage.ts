import { dot } from "./vectors.js";

export interface ArticleChunkVector {
  articleId: string;
  title: string;
  level: "chunk" | "passage";
  vector: Float32Array;
}

/**
 * Which articles each topic is the home of. An article piece's home is the topic whose centroid it
 * is most similar to, if it is close enough. Comparing one piece against all topics sidesteps the
 * style gap between articles and questions that makes absolute question-to-article scores a poor
 * coverage test (a neighbouring topic's article often scores as high as the topic's own). A whole
 * chunk must clear the edge floor; a passage, being question-sized, must be as central to the topic
 * as its typical (median) member, as if it were one of the topic's own questions.
 */
export function articleHomes(pieces: readonly ArticleChunkVector[], topics: ReadonlyArray<{ centroid: Float32Array; typicalSimilarity: number }>, chunkFloor: number): Map<number, Map<string, number>> {
  const homes = new Map<number, Map<string, number>>();
  for (const piece of pieces) {
    let best = -1;
    let bestScore = -Infinity;
    topics.forEach((topic, t) => {
      const score = dot(piece.vector, topic.centroid);
      if (score > bestScore) [best, bestScore] = [t, score];
    });
    if (best < 0 || bestScore < chunkFloor) continue;
    if (piece.level === "passage" && bestScore < topics[best]!.typicalSimilarity) continue;
    const articles = homes.get(best) ?? new Map<string, number>();
    articles.set(piece.articleId, Math.max(articles.get(piece.articleId) ?? -1, bestScore));
    homes.set(best, articles);
  }
  return homes;
}

export interface CoverageEvidence {
  /** Solved or closed member tickets, with the articles the agent linked (existing articles only). */
  solvedLinks: string[][];
  /** Articles that call this topic home, with their chunk's similarity to the centroid. */
  homeArticles: Map<string, number>;
  /** Best article similarity of sampled members. */
  memberArticleScores: number[];
  /** Instant answers in the topic: whether each failed (escalated, or not resolved per feedback). */
  answers: boolean[];
  /** The instant-answer policy's verdict on sampled members, when the policy is wired. */
  policyEscalates?: boolean[];
}

export interface Coverage {
  covered: boolean;
  score: number;
  reason: "linked" | "answers_fail" | "policy" | "article_match" | "no_article";
  coveredBy?: string;
  linkedShare: number;
  medianArticleSimilarity: number;
  policyAnswerShare?: number;
  failedAnswers: number;
}

/** Majorities decide: a topic is covered when most of its evidence says an article answers it. */
const MAJORITY = 0.5;
/** Fewer instant answers than this are anecdotes, not evidence about the whole topic. */
const MIN_ANSWERS = 3;

/**
 * Evidence in order of strength: agents resolving solved tickets with a linked article (direct proof
 * the article answers them); customers failing with instant answers (direct proof it does not); the
 * instant-answer policy's own verdict; and finally the semantic match between articles and topic.
 */
export function scoreCoverage(evidence: CoverageEvidence): Coverage {
  const linked = evidence.solvedLinks.filter((ids) => ids.length > 0);
  const linkedShare = evidence.solvedLinks.length > 0 ? linked.length / evidence.solvedLinks.length : 0;
  const failedAnswers = evidence.answers.filter(Boolean).length;
  const base = { linkedShare: round(linkedShare), medianArticleSimilarity: round(median(evidence.memberArticleScores)), failedAnswers };
  if (linked.length >= 2 && linkedShare >= MAJORITY) {
    return { ...base, covered: true, score: round(linkedShare), reason: "linked", coveredBy: mostCommon(linked.flat()) };
  }
  if (evidence.answers.length >= MIN_ANSWERS && failedAnswers / evidence.answers.length >= MAJORITY) {
    return { ...base, covered: false, score: round(1 - failedAnswers / evidence.answers.length), reason: "answers_fail" };
  }
  const coveredBy = [...evidence.homeArticles].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (evidence.policyEscalates && evidence.policyEscalates.length > 0) {
    const share = evidence.policyEscalates.filter((e) => !e).length / evidence.policyEscalates.length;
    return { ...base, policyAnswerShare: round(share), covered: share >= MAJORITY, score: round(share), reason: "policy", ...(share >= MAJORITY && coveredBy ? { coveredBy } : {}) };
  }
  if (coveredBy) return { ...base, covered: true, score: 1, reason: "article_match", coveredBy };
  return { ...base, covered: false, score: round(linkedShare), reason: "no_article" };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
