import { dot } from "./vectors.js";

export interface ArticleChunkVector {
  articleId: string;
  title: string;
  level: "chunk" | "passage";
  text: string;
  vector: Float32Array;
}

/**
 * Which articles each topic is the home of, judged on whole chunks: a chunk's home is the topic whose
 * centroid it is most similar to, if it clears the similarity floor of related items. Comparing one
 * chunk against all topics sidesteps the style gap between articles and questions (a page never reads
 * like a ticket), which is what lets a prose article cover a topic of near-identical, templated tickets
 * that no article piece could come as close to as the tickets come to each other.
 */
export function chunkHomes(pieces: readonly ArticleChunkVector[], centroids: readonly Float32Array[], floor: number): Map<number, Map<string, number>> {
  const homes = new Map<number, Map<string, number>>();
  for (const piece of pieces) {
    if (piece.level !== "chunk") continue;
    let best = -1;
    let bestScore = -Infinity;
    centroids.forEach((centroid, t) => {
      const score = dot(piece.vector, centroid);
      if (score > bestScore) [best, bestScore] = [t, score];
    });
    if (best < 0 || bestScore < floor) continue;
    const articles = homes.get(best) ?? new Map<string, number>();
    articles.set(piece.articleId, Math.max(articles.get(piece.articleId) ?? -1, bestScore));
    homes.set(best, articles);
  }
  return homes;
}

/**
 * Share of a topic's members an article piece would count as a neighbour: the piece is as close to the
 * member as the member's own minSize-th nearest ticket (its `reach`), i.e. close enough to belong to
 * even the smallest topic around it. Judging each member against its own neighbourhood, rather than
 * against one absolute similarity, sidesteps the fact that some topics are simply tighter than others
 * and that a neighbouring topic's article can score as high as the topic's own in absolute terms.
 * `nearestPiece` gives, per member, its most similar article piece (an hnswlib search in practice).
 * Returns article id → share of members that found it so.
 */
export function articleVotes(members: readonly number[], reach: ArrayLike<number>, nearestPiece: (member: number) => { articleId: string; score: number } | undefined): Map<string, number> {
  const votes = new Map<string, number>();
  for (const member of members) {
    const nearest = nearestPiece(member);
    if (!nearest || nearest.score < reach[member]!) continue;
    votes.set(nearest.articleId, (votes.get(nearest.articleId) ?? 0) + 1 / members.length);
  }
  return votes;
}

export interface CoverageEvidence {
  /** Solved or closed member tickets, with the articles the agent linked (existing articles only). */
  solvedLinks: string[][];
  /** Articles whose chunks call this topic home, with their similarity to the centroid. */
  homeArticles: Map<string, number>;
  /** Per article, the share of sampled members that have one of its pieces among their neighbours. */
  articleVotes: Map<string, number>;
  /** Best article similarity of sampled members. */
  memberArticleScores: number[];
  /** Instant answers in the topic: whether each failed (escalated, or not resolved per feedback). */
  answers: boolean[];
  /**
   * Per sampled member, the probability that the instant-answer policy's best article answers it;
   * present once the policy is fitted on the help desk's history (see src/answers/answerability.ts).
   */
  answerability?: number[];
  /** Articles some solved ticket links: the ones the policy has history about. */
  linkedArticles?: ReadonlySet<string>;
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
/**
 * Share of the sampled members that must find the same article in their neighbourhood for it to cover
 * the topic. Far below a majority on purpose: an article offers a handful of pieces against the dozens
 * of fellow tickets each member also has as neighbours, so even a well-answered topic has many members
 * whose neighbours are all tickets. The value trades missed gaps against false ones; docs/adr/0002
 * shows the trade on BANKING77 (a lower share reports fewer, surer gaps).
 */
export const ARTICLE_VOTE_SHARE = 0.15;
/**
 * A member counts as answered by the help centre when its best article is more likely right than not
 * (probability ≥ ½). Not the instant-answer threshold: that one is set for at most a few
 * percent wrong answers sent unattended, a far stricter question than whether an article covers the
 * ticket, and it would call every topic with hard-to-tell-apart articles a gap. On BANKING77 with
 * history (docs/adr/0002 §4e) the topics' share of such members told held-out intents from covered
 * ones with an AUC of 0.99, against 0.96 for the share the instant-answer threshold would answer.
 */
export const isAnswerable = (probability: number): boolean => probability >= 0.5;
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
  // The leading article's share, not the sum over articles: members of a topic no article covers each
  // find some different near-miss, while an article that answers the topic is found again and again.
  const [votedArticle, voteShare = 0] = leadingEntry(evidence.articleVotes) ?? [];
  // The whole-chunk test speaks only where the vote cannot: when no member has any article piece in its
  // neighbourhood at all, typically near-identical (templated) tickets whose neighbours are one another.
  const home = evidence.articleVotes.size === 0 ? leadingEntry(evidence.homeArticles)?.[0] : undefined;
  const coveredBy = home ?? votedArticle;
  // The policy weighs which articles agents linked for similar tickets. An article no solved ticket
  // links yet, typically one just written for this very topic, has no such history, and similar tickets
  // solved before it existed count against it: the article match judges it instead.
  const voteCovers = votedArticle !== undefined && voteShare >= ARTICLE_VOTE_SHARE - 1e-9;
  const newArticleCovers = voteCovers && evidence.linkedArticles !== undefined && !evidence.linkedArticles.has(votedArticle);
  if (evidence.answerability && evidence.answerability.length > 0 && !newArticleCovers) {
    const share = evidence.answerability.filter(isAnswerable).length / evidence.answerability.length;
    return { ...base, policyAnswerShare: round(share), covered: share >= MAJORITY, score: round(share), reason: "policy", ...(share >= MAJORITY && coveredBy ? { coveredBy } : {}) };
  }
  if (home) return { ...base, covered: true, score: 1, reason: "article_match", coveredBy: home };
  if (voteCovers) return { ...base, covered: true, score: round(voteShare), reason: "article_match", coveredBy: votedArticle };
  return { ...base, covered: false, score: round(voteShare), reason: "no_article" };
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
  return leadingEntry(counts)?.[0];
}

/** The entry with the highest value; ties go to the alphabetically first key, so results are stable. */
function leadingEntry(values: ReadonlyMap<string, number>): [string, number] | undefined {
  let leader: [string, number] | undefined;
  for (const [key, value] of values) {
    if (!leader || value > leader[1] || (value === leader[1] && key.localeCompare(leader[0]) < 0)) leader = [key, value];
  }
  return leader;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
