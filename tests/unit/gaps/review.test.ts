import { describe, expect, it } from "vitest";
import { decide, matchToStates, type TopicCandidate } from "../../../src/gaps/review.js";
import type { GapState } from "../../../src/gaps/gap-store.js";
import type { Gap } from "../../../src/gaps/gap.schema.js";
import { normalize } from "../../../src/gaps/vectors.js";

const unit = (...xs: number[]) => normalize(Float32Array.from(xs));
const now = "2026-01-10T00:00:00.000Z";
const candidate = (patch: Partial<TopicCandidate> = {}): TopicCandidate => ({ centroid: unit(1, 0, 0), memberIds: ["t1", "t2", "t3", "t4", "t5"], ticketCount: 5, covered: false, ...patch });
const state = (patch: Partial<GapState> = {}): GapState => ({
  id: "gap_1", status: "open", centroid: [1, 0, 0], memberIds: ["t1", "t2", "t3", "t4", "t5"], ticketCount: 5,
  firstSeenAt: "2026-01-01T00:00:00.000Z", lastSeenRunId: "run_1", history: [], lastGap: {} as Gap, ...patch,
});

describe("gap identity across runs", () => {
  it("matches a topic to the known gap that shares most of its tickets", () => {
    const states = [state({ id: "gap_a", memberIds: ["x1", "x2"], centroid: [0, 1, 0] }), state({ id: "gap_b", centroid: [0, 0, 1] })];
    const matched = matchToStates([candidate({ memberIds: ["t1", "t2", "t3", "t9"] })], states);
    expect(matched.get(0)?.id).toBe("gap_b");
  });

  it("matches by centroid when the windows share no tickets, and not when the topic moved", () => {
    const states = [state({ id: "gap_a", memberIds: ["old1"], centroid: Array.from(unit(1, 0.1, 0)) })];
    expect(matchToStates([candidate({ memberIds: ["new1"] })], states).get(0)?.id).toBe("gap_a");
    expect(matchToStates([candidate({ memberIds: ["new1"], centroid: unit(1, 1, 0) })], states).size).toBe(0);
  });

  it("never gives two topics the same gap", () => {
    const matched = matchToStates([candidate(), candidate({ memberIds: ["t1", "t2", "t3"] })], [state()]);
    expect(matched.size).toBe(1);
    expect(matched.get(0)?.id).toBe("gap_1");
  });
});

describe("review decisions across runs", () => {
  it("opens a new gap for an uncovered topic and announces it; ignores a covered one", () => {
    expect(decide(candidate(), undefined, now)).toMatchObject({ status: "open", event: "gap.created" });
    expect(decide(candidate({ covered: true }), undefined, now)).toBeUndefined();
  });

  it("keeps a dismissed gap dismissed while it grows less than half", () => {
    expect(decide(candidate({ ticketCount: 7 }), state({ status: "dismissed", dismissedAtCount: 5 }), now)).toEqual({ status: "dismissed" });
  });

  it("reopens a dismissed gap that grew by half or more since it was dismissed", () => {
    const decision = decide(candidate({ ticketCount: 8 }), state({ status: "dismissed", dismissedAtCount: 5 }), now);
    expect(decision).toMatchObject({ status: "open", history: { by: "analysis", note: expect.stringMatching(/grew from 5 to 8/) } });
  });

  it("marks an open or accepted gap covered once an article covers it, and announces it", () => {
    for (const status of ["open", "accepted"] as const) {
      expect(decide(candidate({ covered: true, coveredBy: "kb-new" }), state({ status }), now)).toMatchObject({ status: "covered", event: "gap.covered", coveredBy: "kb-new", coveredAt: now });
    }
  });

  it("reopens a covered gap when no article covers its topic any more", () => {
    expect(decide(candidate(), state({ status: "covered" }), now)).toMatchObject({ status: "open", history: { note: expect.stringMatching(/no longer covered/) } });
    expect(decide(candidate({ covered: true }), state({ status: "covered" }), now)).toEqual({ status: "covered" });
  });

  it("keeps the reviewer's decision otherwise", () => {
    expect(decide(candidate(), state({ status: "accepted" }), now)).toEqual({ status: "accepted" });
    expect(decide(candidate({ covered: true }), state({ status: "dismissed" }), now)).toEqual({ status: "dismissed" });
  });
});
