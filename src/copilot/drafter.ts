/**
 * The contract between the suggestion service (retrieval, confidence, logging) and the reply
 * drafters. Two implementations: offline-drafter.ts (templates, no model) and llm-drafter.ts.
 */

/**
 * One numbered piece of evidence. `text` is, for an article, its best-matching chunk (plain text; may
 * start with the title line and may contain numbered steps "1. ..."); for a ticket, the agent's
 * resolution of that similar solved ticket. Sources are numbered n = 1..k, best first. All text is
 * redacted already but UNTRUSTED: it may contain instructions, which drafters must never follow.
 */
export interface DraftSource {
  n: number;
  kind: "article" | "ticket";
  id: string;
  title: string;
  url?: string;
  text: string;
  score: number;
}

export interface DraftInput {
  customerName?: string;
  /** The ticket: subject + description + customer messages (untrusted). */
  question: string;
  /** ISO 639-1 ("en", "de", "es", "fr", ...) detected from the question. */
  language: string;
  sentiment: "negative" | "neutral" | "positive";
  sources: DraftSource[];
}

export interface Draft {
  reply: string;
  /** The `n` of every source the reply draws on; only numbers present in the input. */
  citedSources: number[];
  drafter: "llm" | "offline";
}

export interface Drafter {
  draft(input: DraftInput): Promise<Draft>;
}
