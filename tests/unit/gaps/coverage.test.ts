import { describe, expect, it } from "vitest";
import { normalize } from "../../../src/gaps/vectors.js";
import { ARTICLE_VOTE_SHARE, articleVotes, chunkHomes, scoreCoverage, type ArticleChunkVector, type CoverageEvidence } from "../../../src/gaps/coverage.js";
const unit = (...xs: number[]) => normalize(Float32Array.from(xs));
const evidence = (patch: Partial<CoverageEvidence>): CoverageEvidence => ({ solvedLinks: [], homeArticles: new Map(), articleVotes: new Map(), memberArticleScores: [0.5], answers: [], ...patch });

describe("coverage scoring", () => {
  it("gives each article chunk to the topic it is closest to, to none below the floor, and ignores passages", () => {
    const centroids = [unit(1, 0, 0), unit(0, 1, 0)];
    const piece = (articleId: string, level: "chunk" | "passage", ...xs: number[]): ArticleChunkVector => ({ articleId, title: articleId, level, text: articleId, vector: unit(...xs) });
    const homes = chunkHomes([piece("kb-a", "chunk", 0.9, 0.3, 0), piece("kb-b", "chunk", 0.3, 0.9, 0), piece("kb-x", "chunk", 0, 0, 1), piece("kb-p", "passage", 1, 0, 0)], centroids, 0.5);
    expect([...(homes.get(0)?.keys() ?? [])]).toEqual(["kb-a"]);
    expect([...(homes.get(1)?.keys() ?? [])]).toEqual(["kb-b"]);
    expect(homes.size).toBe(2);
  });

  it("counts the members that have an article piece inside their own neighbourhood, per article", () => {
    // Members 0-3 with their reach (the similarity of their minSize-th nearest fellow ticket).
    const reach = [0.8, 0.8, 0.9, 0.6];
    const nearest = [
      { articleId: "kb-a", score: 0.85 }, // closer than its neighbours: counts
      { articleId: "kb-a", score: 0.75 }, // farther than its neighbours: does not
      { articleId: "kb-b", score: 0.9 }, // exactly at its reach: counts
      undefined, // no article at all
    ];
    const votes = articleVotes([0, 1, 2, 3], reach, (member) => nearest[member]);
    expect(Object.fromEntries(votes)).toEqual({ "kb-a": 0.25, "kb-b": 0.25 });
  });

  it("judges every member against its own reach, so a tight topic needs a closer article than a loose one", () => {
    const piece = () => ({ articleId: "kb", score: 0.7 });
    expect(articleVotes([0, 1], [0.9, 0.95], piece).size).toBe(0);
    expect(articleVotes([0, 1], [0.6, 0.65], piece).get("kb")).toBe(1);
  });

  it("treats a topic as covered when most solved members link an article, however weak the text match", () => {
    const coverage = scoreCoverage(evidence({ solvedLinks: [["kb-1"], ["kb-1"], ["kb-2"], []], memberArticleScores: [0.1, 0.2] }));
    expect(coverage).toMatchObject({ covered: true, reason: "linked", coveredBy: "kb-1", linkedShare: 0.75 });
  });

  it("is not covered when most instant answers in the topic failed, even with an article nearby", () => {
    const coverage = scoreCoverage(evidence({ articleVotes: new Map([["kb-1", 0.7]]), answers: [true, true, false] }));
    expect(coverage).toMatchObject({ covered: false, reason: "answers_fail", failedAnswers: 2 });
  });

  it("follows the instant-answer policy's confidence when one is wired: covered when most members' best article is more likely right than not", () => {
    const unanswered = scoreCoverage(evidence({ articleVotes: new Map([["kb-1", 0.7]]), answerability: [0.2, 0.05, 0.9, 0.49] }));
    expect(unanswered).toMatchObject({ covered: false, reason: "policy", policyAnswerShare: 0.25 });
    const answered = scoreCoverage(evidence({ articleVotes: new Map([["kb-1", 0.1]]), answerability: [0.5, 0.62, 0.3] }));
    expect(answered).toMatchObject({ covered: true, reason: "policy", coveredBy: "kb-1", policyAnswerShare: 0.667 });
  });

  it("lets the article match judge an article no solved ticket links yet, which the policy has no history about", () => {
    const votes = new Map([["kb-new", 0.4]]);
    const withHistory = new Set(["kb-old"]);
    expect(scoreCoverage(evidence({ articleVotes: votes, answerability: [0.1, 0.2, 0.1], linkedArticles: withHistory }))).toMatchObject({ covered: true, reason: "article_match", coveredBy: "kb-new" });
    // Once agents link it, the policy speaks again; and an unlinked article the vote does not carry changes nothing.
    expect(scoreCoverage(evidence({ articleVotes: votes, answerability: [0.1, 0.2, 0.1], linkedArticles: new Set(["kb-new"]) }))).toMatchObject({ covered: false, reason: "policy" });
    expect(scoreCoverage(evidence({ articleVotes: new Map([["kb-new", 0.1]]), answerability: [0.1, 0.2, 0.1], linkedArticles: withHistory }))).toMatchObject({ covered: false, reason: "policy" });
  });

  it("falls back to the article match: covered when enough members have an article among their neighbours", () => {
    expect(scoreCoverage(evidence({ articleVotes: new Map([["kb-2", 0.1], ["kb-1", 0.2]]) }))).toMatchObject({ covered: true, reason: "article_match", coveredBy: "kb-1", score: 0.2 });
    const justShort = ARTICLE_VOTE_SHARE - 0.01;
    expect(scoreCoverage(evidence({ articleVotes: new Map([["kb-1", justShort]]) }))).toMatchObject({ covered: false, reason: "no_article" });
    expect(scoreCoverage(evidence({}))).toMatchObject({ covered: false, reason: "no_article" });
  });

  it("needs one article found again and again: scattered near-misses do not add up to coverage", () => {
    const scattered = new Map(["kb-1", "kb-2", "kb-3", "kb-4", "kb-5"].map((id) => [id, ARTICLE_VOTE_SHARE * 0.8]));
    expect(scoreCoverage(evidence({ articleVotes: scattered }))).toMatchObject({ covered: false, reason: "no_article" });
  });

  it("lets a chunk's home decide only when no member has any article piece in its neighbourhood", () => {
    const silent = scoreCoverage(evidence({ homeArticles: new Map([["kb-home", 0.8]]) }));
    expect(silent).toMatchObject({ covered: true, reason: "article_match", coveredBy: "kb-home" });
    const spoken = scoreCoverage(evidence({ homeArticles: new Map([["kb-home", 0.8]]), articleVotes: new Map([["kb-other", ARTICLE_VOTE_SHARE / 2]]) }));
    expect(spoken).toMatchObject({ covered: false, reason: "no_article" });
  });

  it("ignores a lone link or a couple of answers as anecdote", () => {
    expect(scoreCoverage(evidence({ solvedLinks: [["kb-1"]] })).covered).toBe(false);
    expect(scoreCoverage(evidence({ articleVotes: new Map([["kb-1", 0.7]]), answers: [true, true] })).covered).toBe(true);
  });
});
