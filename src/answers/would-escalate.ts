import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import { embedWithCache } from "../ingest/embed-cache.js";
import { gatherEvidence } from "./evidence.js";
import { confidenceOf, readCalibration } from "./calibration.js";
import { isUncovered } from "./coverage-rule.js";

/**
 * The instant-answer policy as a coverage probe for the gap report: would these questions be
 * escalated for lack of a confident article answer? Mood and sensitive topics are left out on purpose:
 * they say who should answer, not whether the help centre covers the question. The probe abstains
 * (returns no verdicts) until confidence is calibrated on this help desk's own history: the
 * conservative default escalates most covered questions too, so it cannot tell covered from not.
 */
export function createEscalationProbe(deps: { store: KnowledgeStore; holder: IndexHolder; embedder: Embedder; fixedThreshold?: number }) {
  return async function wouldEscalate(texts: string[]): Promise<boolean[]> {
    const calibration = readCalibration(deps.store, deps.embedder.modelId);
    if (calibration.source !== "history") return [];
    const vectors = await embedWithCache(deps.store, deps.embedder, texts);
    const threshold = deps.fixedThreshold ?? calibration.threshold;
    return texts.map((text, i) => {
      const evidence = gatherEvidence(deps.holder.current, { vector: vectors[i]!, text });
      const top = evidence.candidates[0];
      return !top || isUncovered(top) || confidenceOf(calibration, evidence.features) < threshold;
    });
  };
}
