import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { PromptStore } from "../adapters/prompts/prompt-store.js";
import type { Logger } from "../shared/logger.js";
import type { Draft, DraftInput, DraftSource, Drafter } from "./drafter.js";
import { firstNameOf } from "./sentences.js";

export const DEFAULT_LLM_TIMEOUT_MS = 15_000;
/** One try and exactly one retry: enough for a dropped connection, short enough for a waiting agent. */
const ATTEMPTS = 2;

export interface LlmDrafterOptions {
  chatModel: BaseChatModel;
  prompts: PromptStore;
  /** Used when the model fails twice, so the agent always gets a draft and never an error. */
  fallback: Drafter;
  timeoutMs?: number;
  logger?: Pick<Logger, "warn">;
}

/**
 * Untrusted text goes inside <ticket>/<source> fences. With "<" and ">" escaped it cannot close a
 * fence or open a fake one; the model still reads &lt; and &gt; as the characters they stand for.
 */
export function escapeUntrusted(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const CITATION = /\s?\[(\d+(?:\s*,\s*\d+)*)\]/g;

/**
 * The source numbers a reply cites as [n] or [n, m], and the reply with citations of sources that do
 * not exist removed: an invented [7] would send the agent looking for evidence that is not there.
 */
export function parseCitations(reply: string, sources: readonly DraftSource[]): { reply: string; cited: number[] } {
  const known = new Set(sources.map((s) => s.n));
  const cited = new Set<number>();
  const cleaned = reply.replace(CITATION, (match, list: string) => {
    const numbers = list.split(",").map((n) => Number(n.trim()));
    const valid = numbers.filter((n) => known.has(n));
    valid.forEach((n) => cited.add(n));
    if (valid.length === numbers.length) return match;
    return valid.length > 0 ? `${match.startsWith(" ") ? " " : ""}[${valid.join(", ")}]` : "";
  });
  return { reply: cleaned, cited: [...cited].sort((a, b) => a - b) };
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code; // not a valid language tag; the code itself is the best hint we have
  }
}

function buildMessages(prompts: PromptStore, input: DraftInput): [SystemMessage, HumanMessage] {
  const sources = input.sources.map((source) =>
    prompts.render("reply-draft.source.md", {
      n: source.n,
      isArticle: source.kind === "article",
      title: escapeUntrusted(source.title),
      url: source.kind === "article" ? escapeUntrusted(source.url ?? "") : "",
      text: escapeUntrusted(source.text),
    }),
  );
  const user = prompts.render("reply-draft.user.md", {
    languageName: languageName(input.language),
    language: input.language,
    sentiment: input.sentiment,
    firstName: firstNameOf(input.customerName),
    hasSources: sources.length > 0,
    sources: sources.join("\n"),
    ticket: escapeUntrusted(input.question),
  });
  return [new SystemMessage(prompts.render("reply-draft.system.md", {})), new HumanMessage(user)];
}

/**
 * One model call bounded by `timeoutMs`. The abort signal stops the HTTP request; the race makes
 * the deadline hold even for a model implementation that ignores the signal.
 */
async function invokeWithDeadline(model: BaseChatModel, messages: [SystemMessage, HumanMessage], timeoutMs: number): Promise<string> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`chat model did not answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const message = await Promise.race([model.invoke(messages, { signal: controller.signal }), deadline]);
    const text = message.text.trim();
    if (!text) throw new Error("chat model returned an empty reply");
    return text;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Drafts a reply with a chat model, grounded in the numbered sources (prompts/reply-draft.*.md).
 * The ticket is fenced and escaped as untrusted data; after a timeout or error the call is retried
 * once, then the fallback drafter answers, so a broken model never reaches the agent as an error.
 */
export function createLlmDrafter(options: LlmDrafterOptions): Drafter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  return {
    async draft(input: DraftInput): Promise<Draft> {
      const messages = buildMessages(options.prompts, input);
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        try {
          const text = await invokeWithDeadline(options.chatModel, messages, timeoutMs);
          const { reply, cited } = parseCitations(text, input.sources);
          return { reply, citedSources: cited, drafter: "llm" };
        } catch (error) {
          // The error message only: ticket text must never reach the logs.
          const reason = error instanceof Error ? error.message : String(error);
          options.logger?.warn({ attempt, attempts: ATTEMPTS, reason }, "LLM draft attempt failed");
        }
      }
      options.logger?.warn({ attempts: ATTEMPTS }, "LLM drafting failed; using the offline drafter");
      return options.fallback.draft(input);
    },
  };
}
