import type { ArticleCandidate } from "./evidence.js";

/**
 * No article is about the question: no passage is similar and no close past question used one. Below
 * these cosine similarities USE-lite vectors are, in practice, unrelated text (paraphrases of one
 * question typically score above 0.7).
 */
const NO_COVERAGE_PASSAGE = 0.45;
const NO_COVERAGE_HISTORY = 0.6;

export const isUncovered = (top: ArticleCandidate): boolean => top.passage < NO_COVERAGE_PASSAGE && top.historyNearest < NO_COVERAGE_HISTORY;
