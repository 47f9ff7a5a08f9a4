import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";

export interface ChatModelConfig {
  /** Falls back to OPENAI_API_KEY inside the OpenAI client when absent and no baseURL is set. */
  apiKey?: string;
  /** For OpenAI-compatible servers (vLLM, Ollama, llama.cpp), e.g. http://127.0.0.1:8000/v1 */
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

/**
 * Local OpenAI-compatible servers usually accept any key, but the OpenAI client refuses to start
 * without one; this placeholder is only ever sent to the configured baseURL.
 */
const LOCAL_SERVER_KEY = "not-needed";

/**
 * The chat model the LLM drafter talks to. Low temperature because a reply draft should restate the
 * sources, not get creative; no client retries because the drafter owns timeout, its one retry and
 * the offline fallback, and stacked retries would multiply the time an agent waits.
 */
export function createChatModel(config: ChatModelConfig): BaseChatModel {
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey ?? (config.baseURL ? LOCAL_SERVER_KEY : undefined),
    configuration: config.baseURL ? { baseURL: config.baseURL } : undefined,
    temperature: 0.2,
    timeout: config.timeoutMs,
    maxRetries: 0,
  });
}
