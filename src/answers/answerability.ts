import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import { embedWithCache } from "../ingest/embed-cache.js";
import { gatherEvidence } from "./evidence.js";
import { MIN_LINK_RATE, readCalibration, type Calibration, type CoverageFit } from "./calibration.js";
import { predict } from "./logistic.js";
import { isUncovered } from "./coverage-rule.js";

/** Per question, the probability that the best article answers it; undefined without a fit on history. */
export type AnswerabilityProbe = (texts: string[]) => Promise<number[] | undefined>;

/**
 * The instant-answer policy's evidence as a coverage probe for the gap report: for each question, the
 * probability, fitted on this help desk's history, that the article the policy would pick answers it
 * (0 when no article is about the question at all), corrected for the links agents leave out (see
 * linkRateOf). Mood and sensitive topics are left out on purpose: they say who should answer, not
 * whether the help centre covers the question. The probe abstains (undefined) until there is such a
 * fit: the default model only knows passage similarity, which cannot tell a topic's own article from a
 * close sibling's.
 */
export function createAnswerabilityProbe(deps: { store: KnowledgeStore; holder: IndexHolder; embedder: Embedder }): AnswerabilityProbe {
  return async function answerability(texts) {
    const fit = coverageFitOf(readCalibration(deps.store, deps.embedder.modelId));
    if (!fit) return undefined;
    const vectors = await embedWithCache(deps.store, deps.embedder, texts);
    return texts.map((text, i) => {
      const evidence = gatherEvidence(deps.holder.current, { vector: vectors[i]!, text });
      const top = evidence.candidates[0];
      return !top || isUncovered(top) ? 0 : Math.min(1, predict(fit.model, evidence.features) / fit.linkRate);
    });
  };
}

/** The history fit the probe may use; a calibration saved before the fit was kept has it as its model. */
function coverageFitOf(calibration: Calibration): CoverageFit | undefined {
  const fit = calibration.coverage ?? (calibration.source === "history" ? { model: calibration.model, linkRate: 1 } : undefined);
  return fit && fit.linkRate >= MIN_LINK_RATE ? fit : undefined;
}
