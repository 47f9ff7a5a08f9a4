import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";

/** Escalations a threshold cannot change: the customer asked for a person, a sensitive topic, anger. */
const POLICY_REASONS = new Set(["human_requested", "sensitive_topic", "negative_sentiment", "no_coverage"]);

export interface ReplayResult {
  threshold: number;
  questions: number;
  wouldAnswer: number;
  wouldEscalate: number;
  /** Among would-be answers that were actually answered and got feedback. */
  knownRight: number;
  knownWrong: number;
  /** Would-be answers that were escalated at the time, so no feedback says whether they were right. */
  unknown: number;
}

/**
 * Threshold replay: what a different confidence threshold would have done with the questions already
 * asked, with right and wrong counted where customers left feedback. Logged confidences make this
 * exact without re-running retrieval.
 */
export function replayThreshold(store: KnowledgeStore, threshold: number, since: Date, until: Date): ReplayResult {
  const result: ReplayResult = { threshold, questions: 0, wouldAnswer: 0, wouldEscalate: 0, knownRight: 0, knownWrong: 0, unknown: 0 };
  for (const interaction of store.listInteractions({ since, until })) {
    if (interaction.kind !== "answer") continue;
    result.questions++;
    const blocked = interaction.reason !== undefined && POLICY_REASONS.has(interaction.reason);
    if (blocked || interaction.confidence < threshold) {
      result.wouldEscalate++;
      continue;
    }
    result.wouldAnswer++;
    if (interaction.decision !== "answer") result.unknown++;
    else if (interaction.outcome === "resolved") result.knownRight++;
    else if (interaction.outcome === "not_resolved" || interaction.outcome === "escalated") result.knownWrong++;
    else result.unknown++;
  }
  return result;
}
