import type { GapStatus } from "./gap.schema.js";
import type { GapState, ReviewEvent } from "./gap-store.js";
import { dot } from "./vectors.js";

export interface TopicCandidate {
  centroid: Float32Array;
  memberIds: string[];
  ticketCount: number;
  covered: boolean;
  coveredBy?: string;
}

/**
 * Two runs describe the same topic when they share members (Jaccard ≥ 0.3: windows overlap, so a
 * topic keeps many of its tickets) or, for windows that do not overlap, when their centroids nearly
 * coincide. A centroid averages out single phrasings, so one topic measured twice stays above 0.9
 * while neighbouring topics of one window stay below it.
 */
export const SAME_MEMBERS = 0.3;
export const SAME_CENTROID = 0.9;
/** A dismissed topic comes back only when it has grown by half since it was dismissed. */
export const REOPEN_GROWTH = 1.5;

export function jaccard(a: readonly string[], b: ReadonlySet<string>): number {
  let shared = 0;
  for (const id of a) if (b.has(id)) shared++;
  const union = a.length + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** One-to-one matching of this run's topics to known gaps, strongest pairs first. */
export function matchToStates(candidates: readonly TopicCandidate[], states: readonly GapState[]): Map<number, GapState> {
  const pairs: Array<{ topic: number; state: GapState; score: number }> = [];
  const memberSets = states.map((state) => new Set(state.memberIds));
  candidates.forEach((candidate, topic) => {
    states.forEach((state, s) => {
      const overlap = jaccard(candidate.memberIds, memberSets[s]!);
      const closeness = dot(candidate.centroid, state.centroid);
      // Member overlap ranks first (score above 1), centroid closeness second.
      if (overlap >= SAME_MEMBERS) pairs.push({ topic, state, score: 1 + overlap });
      else if (closeness >= SAME_CENTROID) pairs.push({ topic, state, score: closeness });
    });
  });
  pairs.sort((a, b) => b.score - a.score);
  const matched = new Map<number, GapState>();
  const used = new Set<string>();
  for (const { topic, state } of pairs) {
    if (matched.has(topic) || used.has(state.id)) continue;
    matched.set(topic, state);
    used.add(state.id);
  }
  return matched;
}

export interface Decision {
  status: GapStatus;
  event?: "gap.created" | "gap.covered";
  history?: ReviewEvent;
  coveredAt?: string;
  coveredBy?: string;
}

/**
 * What this run means for a topic. New uncovered topics become open gaps; a known open or accepted
 * gap that an article now covers becomes covered; a dismissed gap stays dismissed unless it grew
 * markedly. Review decisions are otherwise kept. Undefined: not a gap and never was one.
 */
export function decide(candidate: TopicCandidate, state: GapState | undefined, now: string): Decision | undefined {
  if (!state) {
    if (candidate.covered) return undefined;
    return { status: "open", event: "gap.created", history: { at: now, status: "open", by: "analysis", note: "found by analysis" } };
  }
  if ((state.status === "open" || state.status === "accepted") && candidate.covered) {
    const note = candidate.coveredBy ? `covered by article ${candidate.coveredBy}` : "covered by existing articles";
    return { status: "covered", event: "gap.covered", coveredAt: now, ...(candidate.coveredBy ? { coveredBy: candidate.coveredBy } : {}), history: { at: now, status: "covered", by: "analysis", note } };
  }
  if (state.status === "dismissed" && !candidate.covered && candidate.ticketCount >= REOPEN_GROWTH * (state.dismissedAtCount ?? state.ticketCount)) {
    const note = `reopened: grew from ${state.dismissedAtCount ?? state.ticketCount} to ${candidate.ticketCount} tickets since it was dismissed`;
    return { status: "open", history: { at: now, status: "open", by: "analysis", note } };
  }
  if (state.status === "covered" && !candidate.covered) {
    // The covering article was deleted, or its topic drifted away from it: the gap is back.
    return { status: "open", history: { at: now, status: "open", by: "analysis", note: "reopened: no longer covered by an article" } };
  }
  return { status: state.status };
}
