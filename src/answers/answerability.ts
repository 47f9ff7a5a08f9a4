import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import { embedWithCache } from "../ingest/embed-cache.js";
import { gatherEvidence } from "./evidence.js";
import { confidenceOf, readCalibration } from "./calibration.js";
import { isUncovered } from "./coverage-rule.js";

/** Per question, the probability that the best article answers it; undefined while uncalibrated. */
export type AnswerabilityProbe = (texts: string[]) => Promise<number[] | undefined>;

/**
 * The instant-answer policy's confidence as a coverage probe for the gap report: for each question,
 * the calibrated probability that the article the policy would pick is the one an agent would use
 * (0 when no article is about the question at all). Mood and sensitive topics are left out on purpose:
 * they say who should answer, not whether the help centre covers the question. The probe abstains
 * (undefined) until confidence is calibrated on this help desk's own history: the default model only
 * knows passage similarity, which cannot tell a topic's own article from a close sibling's.
 */
export function createAnswerabilityProbe(deps: { store: KnowledgeStore; holder: IndexHolder; embedder: Embedder }): AnswerabilityProbe {
  return async function answerability(texts) {
    const calibration = readCalibration(deps.store, deps.embedder.modelId);
    if (calibration.source !== "history") return undefined;
    const vectors = await embedWithCache(deps.store, deps.embedder, texts);
    return texts.map((text, i) => {
      const evidence = gatherEvidence(deps.holder.current, { vector: vectors[i]!, text });
      const top = evidence.candidates[0];
      return !top || isUncovered(top) ? 0 : confidenceOf(calibration, evidence.features);
    });
  };
}
