import type { Article, Ticket } from "./knowledge.schema.js";
import type { StoredArticle, StoredTicket } from "../adapters/store/knowledge-store.js";
import type { Redactor } from "./redact.js";
import { bodyToText, tidy } from "./normalise.js";
import { contentHash } from "./content-hash.js";

/**
 * Turns an accepted article into what is stored: body reduced to text, personal data redacted. This
 * runs before anything is written, so no unredacted text reaches the store, the index or a log.
 */
export function prepareArticle(article: Article, redact: Redactor, now = new Date()): StoredArticle {
  const prepared = {
    ...article,
    title: redact(tidy(article.title)),
    body: redact(bodyToText(article.body)),
    // Tags are free text too ("contact jane@example.com" happens).
    ...(article.tags ? { tags: article.tags.map(redact) } : {}),
  };
  return { ...prepared, contentHash: contentHash(prepared), storedAt: now.toISOString() };
}

/** The customer's e-mail is dropped (nothing needs it); the name is kept so replies can greet them. */
export function prepareTicket(ticket: Ticket, redact: Redactor, now = new Date()): StoredTicket {
  const { customer, ...rest } = ticket;
  const prepared = {
    ...rest,
    subject: redact(tidy(ticket.subject)),
    description: redact(tidy(ticket.description)),
    messages: ticket.messages?.map((message) => ({ ...message, body: redact(tidy(message.body)) })),
    ...(ticket.tags ? { tags: ticket.tags.map(redact) } : {}),
    ...(customer?.name ? { customer: { name: redact(tidy(customer.name)) } } : {}),
  };
  return { ...prepared, contentHash: contentHash(prepared), storedAt: now.toISOString() };
}

/** What a ticket is searched by: the customer's side of it (the question), not the agent's answer. */
export function ticketQuestionText(ticket: Pick<StoredTicket, "subject" | "description" | "messages">): string {
  const customerMessages = (ticket.messages ?? []).filter((m) => m.author === "customer").map((m) => m.body);
  return withoutRepeats([ticket.subject, ticket.description, ...customerMessages]).join("\n").slice(0, 4000);
}

/**
 * Help desks repeat the customer's words: chat and e-mail channels often make the first message the
 * description and its opening the subject ("My parcel never came…"). A part that another part begins
 * with (or equals) is counted once, so repeated words do not weigh twice in the vector and in BM25,
 * and a gap's sample question does not read twice.
 */
function withoutRepeats(parts: readonly string[]): string[] {
  const comparable = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim().replace(/(\.\.\.|…)$/, "");
  const keys = parts.map(comparable);
  return parts.filter((_, i) => {
    const key = keys[i]!;
    if (!key) return false;
    // Dropped when an earlier part equals it, or any other part is longer and starts with it.
    return !keys.some((other, j) => j !== i && other.startsWith(key) && (other.length > key.length || j < i));
  });
}

/** Shorter agent messages are usually pleasantries ("Happy to help!"), not the resolution. */
const SUBSTANTIVE = 60;

/**
 * The agent's resolution, kept for the copilot: the last substantive agent message of the ticket (a
 * closing "Glad it worked!" often comes after the real answer), else the longest one.
 */
export function ticketResolution(ticket: Pick<StoredTicket, "messages">): string | undefined {
  const agentMessages = (ticket.messages ?? []).filter((m) => m.author === "agent").map((m) => m.body.trim());
  const substantive = agentMessages.filter((body) => body.length >= SUBSTANTIVE);
  if (substantive.length > 0) return substantive.at(-1);
  return agentMessages.sort((a, b) => b.length - a.length)[0] || undefined;
}
