import { newId } from "../shared/ids.js";
import type { QuestionDeps } from "./question-deps.js";
import { gatherEvidence, type ArticleCandidate } from "./evidence.js";
import { confidenceOf, readCalibration } from "./calibration.js";
import { bestChunkText, trimAt } from "./compose.js";
import { isUncovered } from "./coverage-rule.js";

export type EscalationReason = "low_confidence" | "no_coverage" | "sensitive_topic" | "human_requested" | "negative_sentiment";

export interface AnswerRequest {
  question: string;
  brand?: string;
  locale?: string;
  customer?: { name?: string };
}

export interface ArticleSource {
  kind: "article";
  id: string;
  title: string;
  score: number;
  url?: string;
  snippet: string;
}

export interface AnswerResponse {
  id: string;
  decision: "answer" | "escalate";
  answer?: string;
  confidence: number;
  sources: ArticleSource[];
  reason?: EscalationReason;
  /** Extra: which sensitive topic, for the hand-over message. */
  detail?: string;
}

export interface AnswerServiceDeps extends QuestionDeps {
  renderAnswer: (vars: { title: string; answer: string; url?: string }) => string;
  /** A fixed threshold from configuration; otherwise the calibrated one. */
  fixedThreshold?: number;
}

/**
 * Instant answers: answer from an article only when the calibrated confidence clears the threshold,
 * and never when the customer asks for a person, raises a sensitive topic or is upset. Every answer and
 * escalation is logged (redacted) so feedback, stats and the gap report can use it.
 */
export function createAnswerService(deps: AnswerServiceDeps) {
  return async function answer(request: AnswerRequest): Promise<AnswerResponse> {
    const id = newId();
    const question = deps.redact(request.question);
    const signals = deps.detectSignals(request.question);
    const [vector] = await deps.embedder.embedVectors([question], { urgent: true });
    const evidence = gatherEvidence(deps.holder.current, { vector: vector!, text: question, brand: request.brand, locale: request.locale });
    const calibration = readCalibration(deps.store, deps.embedder.modelId);
    const top = evidence.candidates[0];
    const confidence = top ? round(confidenceOf(calibration, evidence.features)) : 0;
    const threshold = deps.fixedThreshold ?? calibration.threshold;
    const sources = await Promise.all(evidence.candidates.slice(0, 3).map((c) => toSource(deps, c)));

    let reason: EscalationReason | undefined;
    if (signals.humanRequested) reason = "human_requested";
    else if (signals.sensitiveTopic) reason = "sensitive_topic";
    else if (signals.sentiment.negative) reason = "negative_sentiment";
    else if (!top || isUncovered(top)) reason = "no_coverage";
    else if (confidence < threshold) reason = "low_confidence";

    const response: AnswerResponse = reason
      ? { id, decision: "escalate", confidence, sources, reason, ...(signals.sensitiveTopic ? { detail: signals.sensitiveTopic } : {}) }
      : { id, decision: "answer", confidence, sources: sources.slice(0, 1), answer: deps.renderAnswer({ title: sources[0]!.title, answer: sources[0]!.snippet, url: sources[0]!.url }) };

    await deps.store.putInteraction({
      id,
      kind: "answer",
      createdAt: new Date().toISOString(),
      question,
      brand: request.brand,
      locale: request.locale,
      decision: response.decision,
      reason,
      confidence,
      sourceIds: response.sources.map((s) => s.id),
      reply: response.answer,
    });
    return response;
  };
}

async function toSource(deps: AnswerServiceDeps, candidate: ArticleCandidate): Promise<ArticleSource> {
  const article = deps.store.get("article", candidate.articleId);
  const text = await bestChunkText(deps.store, candidate.articleId, candidate.unitHits, deps.chunking);
  return {
    kind: "article",
    id: candidate.articleId,
    title: article?.title ?? candidate.title,
    score: round(candidate.passage),
    ...(article?.url ? { url: article.url } : {}),
    snippet: trimAt(text, 700),
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export type AnswerService = ReturnType<typeof createAnswerService>;
