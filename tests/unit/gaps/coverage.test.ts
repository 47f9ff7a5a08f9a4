import { describe, expect, it } from "vitest";
import { articleHomes, scoreCoverage, type ArticleChunkVector, type CoverageEvidence } from "../../../src/gaps/coverage.js";
import { normalize } from "../../../src/gaps/vectors.js";

const unit = (...xs: number[]) => normalize(Float32Array.from(xs));
const evidence = (patch: Partial<CoverageEvidence>): CoverageEvidence => ({ solvedLinks: [], homeArticles: new Map(), memberArticleScores: [0.5], answers: [], ...patch });

describe("coverage scoring", () => {
  it("gives each article piece to the topic it is closest to, and to none when unrelated", () => {
    const topics = [{ centroid: unit(1, 0, 0), typicalSimilarity: 0.9 }, { centroid: unit(0, 1, 0), typicalSimilarity: 0.7 }];
    const pieces: ArticleChunkVector[] = [
      { articleId: "kb-a", title: "A", level: "chunk", vector: unit(0.9, 0.3, 0) },
      { articleId: "kb-b", title: "B", level: "passage", vector: unit(0.3, 0.9, 0) },
      { articleId: "kb-x", title: "X", level: "chunk", vector: unit(0, 0, 1) },
    ];
    const homes = articleHomes(pieces, topics, 0.5);
    expect([...(homes.get(0)?.keys() ?? [])]).toEqual(["kb-a"]);
    expect([...(homes.get(1)?.keys() ?? [])]).toEqual(["kb-b"]);
  });

  it("needs a passage to be as central to its topic as a typical member, a chunk only to clear the floor", () => {
    const topics = [{ centroid: unit(1, 0, 0), typicalSimilarity: 0.95 }];
    const piece = (level: "chunk" | "passage"): ArticleChunkVector => ({ articleId: "kb", title: "T", level, vector: unit(0.9, 0.4, 0) });
    expect(articleHomes([piece("passage")], topics, 0.5).size).toBe(0);
    expect(articleHomes([piece("chunk")], topics, 0.5).size).toBe(1);
  });

  it("treats a topic as covered when most solved members link an article, however weak the text match", () => {
    const coverage = scoreCoverage(evidence({ solvedLinks: [["kb-1"], ["kb-1"], ["kb-2"], []], memberArticleScores: [0.1, 0.2] }));
    expect(coverage).toMatchObject({ covered: true, reason: "linked", coveredBy: "kb-1", linkedShare: 0.75 });
  });

  it("is not covered when most instant answers in the topic failed, even with an article nearby", () => {
    const coverage = scoreCoverage(evidence({ homeArticles: new Map([["kb-1", 0.7]]), answers: [true, true, false] }));
    expect(coverage).toMatchObject({ covered: false, reason: "answers_fail", failedAnswers: 2 });
  });

  it("follows the instant-answer policy when one is wired", () => {
    const escalates = scoreCoverage(evidence({ homeArticles: new Map([["kb-1", 0.7]]), policyEscalates: [true, true, false, true] }));
    expect(escalates).toMatchObject({ covered: false, reason: "policy", policyAnswerShare: 0.25 });
    const answers = scoreCoverage(evidence({ policyEscalates: [false, false, true] }));
    expect(answers).toMatchObject({ covered: true, reason: "policy" });
  });

  it("falls back to the article match: covered only when an article calls the topic home", () => {
    expect(scoreCoverage(evidence({ homeArticles: new Map([["kb-2", 0.6], ["kb-1", 0.8]]) }))).toMatchObject({ covered: true, reason: "article_match", coveredBy: "kb-1" });
    expect(scoreCoverage(evidence({}))).toMatchObject({ covered: false, reason: "no_article" });
  });

  it("ignores a lone link or a couple of answers as anecdote", () => {
    expect(scoreCoverage(evidence({ solvedLinks: [["kb-1"]] })).covered).toBe(false);
    expect(scoreCoverage(evidence({ homeArticles: new Map([["kb-1", 0.7]]), answers: [true, true] })).covered).toBe(true);
  });
});
