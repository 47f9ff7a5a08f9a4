import type { PromptStore } from "../adapters/prompts/prompt-store.js";
import type { Draft, DraftInput, DraftSource, Drafter } from "./drafter.js";
import { contentKeys, firstNameOf, numberedSteps, relevantSentences, resolutionBody, usableLines } from "./sentences.js";

/** Languages with a prompts/reply-offline.<lang>.md template; any other language gets English phrasing. */
export const OFFLINE_LANGUAGES = ["en", "de", "es", "fr"] as const;

/** From this retrieval score up an article is trusted over a similar ticket's resolution. */
export const GOOD_ARTICLE_SCORE = 0.5;

type AnswerKind = "steps" | "sentences" | "resolution";

interface Answer {
  kind: AnswerKind;
  text: string;
  /** Article link, or "": ticket links point into the help desk and must never reach a customer. */
  url: string;
  cited: number[];
}

function fromArticle(source: DraftSource, question: string): Answer | undefined {
  const lines = usableLines(source.text, source.title);
  const steps = numberedSteps(lines, question);
  const url = source.url ?? "";
  if (steps.length > 0) return { kind: "steps", text: steps.join("\n"), url, cited: [source.n] };
  const sentences = relevantSentences(lines, question);
  if (sentences.length > 0) return { kind: "sentences", text: sentences.join(" "), url, cited: [source.n] };
  return undefined;
}

/** Below this length a resolution may be a closing pleasantry rather than an answer. */
const SHORT_RESOLUTION_CHARS = 80;

/**
 * A ticket's last agent message is often a pleasantry sent after the real answer ("Glad to hear it!
 * Have a great day."). A short one that shares no content word with the question or with its own
 * ticket's subject answers nothing, so it is not used. Longer ones are trusted: retrieval already
 * judged the ticket similar, and paraphrased answers share few words.
 */
function fromTicket(source: DraftSource, question: string): Answer | undefined {
  const text = resolutionBody(source.text, source.title);
  if (!text) return undefined;
  if (text.length < SHORT_RESOLUTION_CHARS) {
    const topic = contentKeys(`${question}\n${source.title}`);
    if (![...contentKeys(text)].some((key) => topic.has(key))) return undefined;
  }
  return { kind: "resolution", text, url: "", cited: [source.n] };
}

/**
 * What the reply says, grounded in one source. A good article (score ≥ GOOD_ARTICLE_SCORE) wins,
 * because it is maintained and linkable; without one, an agent's resolution of a similar solved
 * ticket is the better evidence. Sources arrive best first, so the first usable one of a kind is used.
 * The answer text stays in the source's language: only the phrasing around it is translated.
 */
function chooseAnswer(input: DraftInput): Answer | undefined {
  const articles = input.sources.filter((s) => s.kind === "article");
  const tickets = input.sources.filter((s) => s.kind === "ticket");
  const preferTickets = !articles.some((a) => a.score >= GOOD_ARTICLE_SCORE);
  const candidates = preferTickets ? [...tickets, ...articles] : [...articles, ...tickets];
  for (const source of candidates) {
    const answer = source.kind === "article" ? fromArticle(source, input.question) : fromTicket(source, input.question);
    if (answer) return answer;
  }
  return undefined;
}

function templateFor(language: string): string {
  const supported = (OFFLINE_LANGUAGES as readonly string[]).includes(language) ? language : "en";
  return `reply-offline.${supported}.md`;
}

/** Switched-off template sections leave blank lines and trailing spaces behind. */
function tidyReply(text: string): string {
  return text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * A reply drafter that needs no model: greeting, an empathy line for the customer's mood, the steps
 * or sentences of the best source that answer the question, the article link and a sign-off, all
 * phrased by prompts/reply-offline.<lang>.md. Without a usable source it writes a holding reply and
 * never invents an answer. The question is only used to rank source sentences; none of its text is
 * copied into the reply, so instructions in a ticket cannot become part of it.
 */
export function createOfflineDrafter(prompts: PromptStore): Drafter {
  return {
    async draft(input: DraftInput): Promise<Draft> {
      const answer = chooseAnswer(input);
      const reply = prompts.render(templateFor(input.language), {
        firstName: firstNameOf(input.customerName),
        negative: input.sentiment === "negative",
        neutral: input.sentiment !== "negative" && input.sentiment !== "positive",
        positive: input.sentiment === "positive",
        holding: answer === undefined,
        fromSteps: answer?.kind === "steps",
        fromSentences: answer?.kind === "sentences",
        fromResolution: answer?.kind === "resolution",
        answer: answer?.text ?? "",
        url: answer?.url ?? "",
      });
      return { reply: tidyReply(reply), citedSources: answer?.cited ?? [], drafter: "offline" };
    },
  };
}
