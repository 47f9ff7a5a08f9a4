import { describe, expect, it } from "vitest";
import { coveredSubjectOf, joinLinkedGroups } from "../../../src/gaps/siblings.js";
import type { Edge } from "../../../src/gaps/knn-graph.js";

/** Every pair of the two groups linked with the given weight. */
const allPairs = (a: number[], b: number[], weight: number): Edge[] => a.flatMap((x) => b.map((y) => ({ a: x, b: y, weight })));

describe("joining gap fragments", () => {
  it("joins groups whose mean link weight over all member pairs reaches the density, and no others", () => {
    const groups = [[0, 1], [2, 3], [4, 5]];
    // 0-1 with 2-3: 4 links of 0.5 over 4 pairs = 0.5; 2-3 with 4-5: one link of 0.2 over 4 pairs = 0.05.
    const edges = [...allPairs([0, 1], [2, 3], 0.5), { a: 3, b: 4, weight: 0.2 }];
    expect([...joinLinkedGroups(groups, edges, 0.1)]).toEqual([0, 0, 1]);
    expect([...joinLinkedGroups(groups, edges, 0.01)]).toEqual([0, 0, 0]);
    expect([...joinLinkedGroups(groups, edges, 0.6)]).toEqual([0, 1, 2]);
  });

  it("does not chain two subjects through a fragment that touches both (average linkage)", () => {
    const left = [0, 1, 2, 3];
    const bridge = [4, 5];
    const right = [6, 7, 8, 9];
    // The bridge is well linked to each side; the sides are not linked to each other.
    const edges = [...allPairs(left, bridge, 0.3), ...allPairs(bridge, right, 0.25)];
    const joined = joinLinkedGroups([left, bridge, right], edges, 0.2);
    expect(joined[0]).toBe(joined[1]);
    expect(joined[2]).not.toBe(joined[1]);
  });

  it("ignores links inside a group and links to items in no group", () => {
    const edges: Edge[] = [{ a: 0, b: 1, weight: 0.9 }, { a: 1, b: 99, weight: 0.9 }];
    expect([...joinLinkedGroups([[0, 1], [2, 3]], edges, 0.01)]).toEqual([0, 1]);
  });
});

describe("fragments of a covered subject", () => {
  it("assigns an uncovered fragment to the covered group it is densely linked to, when its members find that group's article", () => {
    const groups = [[0, 1, 2], [3, 4], [5, 6]];
    const covered = [true, false, false];
    // Fragment 1 is linked to the covered group 0 at 6 × 0.5 / 6 = 0.5; fragment 2 at 1 × 0.3 / 6 = 0.05.
    const edges = [...allPairs([0, 1, 2], [3, 4], 0.5), { a: 2, b: 5, weight: 0.3 }];
    expect([...coveredSubjectOf(groups, covered, edges, 0.1, () => true)]).toEqual([-1, 0, -1]);
    expect([...coveredSubjectOf(groups, covered, edges, 0.01, () => true)]).toEqual([-1, 0, 0]);
  });

  it("leaves a linked fragment uncovered when its members do not find the covered group's article", () => {
    const edges = allPairs([0, 1, 2], [3, 4], 0.5);
    expect([...coveredSubjectOf([[0, 1, 2], [3, 4]], [true, false], edges, 0.1, () => false)]).toEqual([-1, -1]);
  });

  it("picks the most densely linked covered group, and never links two uncovered or two covered groups", () => {
    const groups = [[0, 1], [2, 3], [4, 5], [6, 7]];
    const covered = [true, true, false, false];
    const edges = [...allPairs([0, 1], [4, 5], 0.2), ...allPairs([2, 3], [4, 5], 0.4), ...allPairs([4, 5], [6, 7], 0.9), ...allPairs([0, 1], [2, 3], 0.9)];
    const asked: Array<[number, number]> = [];
    const subject = coveredSubjectOf(groups, covered, edges, 0.1, (fragment, group) => {
      asked.push([fragment, group]);
      return true;
    });
    expect([...subject]).toEqual([-1, -1, 1, -1]);
    expect(asked.every(([fragment, group]) => !covered[fragment] && covered[group])).toBe(true);
  });
});
