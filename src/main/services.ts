import type { CoreDeps } from "./deps.js";
import type { JobQueue } from "../jobs/catalog.js";
import { createKnowledgeService } from "../ingest/knowledge-service.js";
import { createAnswerService } from "../answers/answer-service.js";
import { createSignalDetector } from "../answers/signals.js";
import { createFeedbackService } from "../feedback/feedback-service.js";
import { createPromptStore, type PromptStore } from "../adapters/prompts/prompt-store.js";
import { createSuggestionService } from "../copilot/suggestion-service.js";
import { createOfflineDrafter } from "../copilot/offline-drafter.js";
import { createLlmDrafter } from "../copilot/llm-drafter.js";
import type { Drafter } from "../copilot/drafter.js";
import { createChatModel } from "../adapters/llm/chat-model.js";
import { llmEnabled } from "../config/env.js";

/** The capabilities the HTTP edge calls, built once per API process from the shared adapters. */
export function buildServices(core: CoreDeps, jobs: JobQueue) {
  const { config, store, holder, embedder, redact } = core;
  const prompts = createPromptStore();
  const detectSignals = createSignalDetector({
    sensitiveTopics: config.SENSITIVE_TOPICS,
    extraSensitiveTerms: config.SENSITIVE_TERMS,
    negativeThreshold: config.NEGATIVE_SENTIMENT_THRESHOLD,
  });
  const chunking = { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP };
  return {
    prompts,
    detectSignals,
    knowledge: createKnowledgeService({ store, jobs, redact }),
    answer: createAnswerService({
      store,
      holder,
      embedder,
      redact,
      detectSignals,
      chunking,
      fixedThreshold: config.ANSWER_MIN_CONFIDENCE,
      renderAnswer: (vars) => prompts.render("instant-answer.md", { ...vars, url: vars.url ?? "" }).trim(),
    }),
    suggest: createSuggestionService({ store, holder, embedder, redact, detectSignals, chunking, drafter: createDrafter(core, prompts) }),
    feedback: createFeedbackService(store, redact),
  };
}

/** The LLM drafter when an OpenAI-compatible endpoint is configured (falling back offline), else offline. */
function createDrafter(core: CoreDeps, prompts: PromptStore): Drafter {
  const offline = createOfflineDrafter(prompts);
  if (!llmEnabled(core.config)) return offline;
  const { OPENAI_API_KEY, OPENAI_BASE_URL, LLM_MODEL, LLM_TIMEOUT_MS } = core.config;
  const chatModel = createChatModel({ apiKey: OPENAI_API_KEY, baseURL: OPENAI_BASE_URL, model: LLM_MODEL, timeoutMs: LLM_TIMEOUT_MS });
  return createLlmDrafter({ chatModel, prompts, fallback: offline, timeoutMs: LLM_TIMEOUT_MS, logger: core.logger });
}

export type Services = ReturnType<typeof buildServices>;
