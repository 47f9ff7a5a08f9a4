import { describe, expect, it } from "vitest";
import { bisect, openHalfOf, proportionZ, splitHolds, splitZ, twoSidedTail } from "../../../src/gaps/split.js";
import { plantedData } from "./synthetic.js";

describe("cutting a topic in two", () => {
  it("separates two planted questions that share one community", () => {
    const { matrix, truth } = plantedData({ dimensions: 32, topics: [14, 9], noise: 0, spread: 0.08, seed: 3 });
    const members = truth.map((_, i) => i);
    const halves = bisect(matrix, members, 5);
    expect(halves).toBeDefined();
    const [a, b] = halves!;
    expect(new Set(a.map((i) => truth[i])).size).toBe(1);
    expect(new Set(b.map((i) => truth[i])).size).toBe(1);
    expect(a.length + b.length).toBe(members.length);
    // Deterministic: the same halves on a second call.
    expect(bisect(matrix, members, 5)).toEqual(halves);
  });

  it("gives no halves when either would be smaller than a topic", () => {
    const { matrix, truth } = plantedData({ dimensions: 32, topics: [14, 3], noise: 0, spread: 0.08, seed: 3 });
    expect(bisect(matrix, truth.map((_, i) => i), 5)).toBeUndefined();
    expect(bisect(matrix, [0, 1, 2, 3, 4, 5, 6, 7, 8], 5)).toBeUndefined();
  });
});

describe("the two-proportion test for a split", () => {
  it("is significant for a half that finds the article far less often, not for a chance dip", () => {
    expect(proportionZ(15, 25, 1, 25)).toBeGreaterThan(splitZ(100));
    expect(proportionZ(6, 25, 3, 25)).toBeLessThan(splitZ(1));
    expect(proportionZ(1, 25, 15, 25)).toBeLessThan(0);
    expect(proportionZ(0, 10, 0, 10)).toBe(0);
    expect(proportionZ(3, 0, 1, 10)).toBe(0);
  });
});

describe("the significance bar over a run's splits", () => {
  it("is the two-sided normal quantile, Bonferroni-corrected for the number of tests", () => {
    expect(twoSidedTail(1.959964)).toBeCloseTo(0.05, 5);
    expect(twoSidedTail(0)).toBeCloseTo(1, 6);
    expect(splitZ(1)).toBeCloseTo(1.96, 2);
    expect(splitZ(10)).toBeCloseTo(2.807, 2);
    expect(splitZ(100)).toBeCloseTo(3.481, 2);
    expect(splitZ(0)).toBeCloseTo(splitZ(1), 6);
  });
});

describe("when a candidate split is made", () => {
  it("needs the reach test on its own and together with the nearest-article test", () => {
    const bar = splitZ(80);
    // A held-out sibling: its members find the article less often, and less often as their nearest.
    expect(splitHolds(4.1, 2.0, bar)).toBe(true);
    // A tighter, templated half of one subject: the article is still every member's nearest, only
    // not within their near-duplicate reach.
    expect(splitHolds(3.66, 0, bar)).toBe(false);
    expect(splitHolds(3.66, 0.86, bar)).toBe(false);
    // The nearest-article test never makes a split the reach test does not support.
    expect(splitHolds(2.0, 6.0, bar)).toBe(false);
  });
});

describe("which half of a covered topic may stand apart", () => {
  it("is the half the vote leaves open, or the one finding a shared covering article less often", () => {
    expect(openHalfOf([{ covered: true, coveredBy: "a", share: 0.6 }, { covered: false, share: 0.04 }])).toEqual([1, 0]);
    expect(openHalfOf([{ covered: false, share: 0 }, { covered: true, coveredBy: "a", share: 0.5 }])).toEqual([0, 1]);
    // A sibling without an article can clear the vote bar on its neighbour's article and still find it far less often.
    expect(openHalfOf([{ covered: true, coveredBy: "a", share: 0.8 }, { covered: true, coveredBy: "a", share: 0.24 }])).toEqual([1, 0]);
  });

  it("is none when both halves are open or each has an article of its own", () => {
    expect(openHalfOf([{ covered: false, share: 0 }, { covered: false, share: 0.1 }])).toBeUndefined();
    expect(openHalfOf([{ covered: true, coveredBy: "a", share: 0.8 }, { covered: true, coveredBy: "b", share: 0.3 }])).toBeUndefined();
  });
});
