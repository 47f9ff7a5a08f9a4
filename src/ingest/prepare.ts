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
    ...(customer?.name ? { customer: { name: redact(tidy(customer.name)) } } : {}),
  };
  return { ...prepared, contentHash: contentHash(prepared), storedAt: now.toISOString() };
}

/** What a ticket is searched by: the customer's side of it (the question), not the agent's answer. */
export function ticketQuestionText(ticket: Pick<StoredTicket, "subject" | "description" | "messages">): string {
  const customerMessages = (ticket.messages ?? []).filter((m) => m.author === "customer").map((m) => m.body);
  return [ticket.subject, ticket.description, ...customerMessages].filter(Boolean).join("\n").slice(0, 4000);
}

/** The agent's resolution, kept for the copilot: the last agent message of a solved ticket. */
export function ticketResolution(ticket: Pick<StoredTicket, "messages">): string | undefined {
  const agentMessages = (ticket.messages ?? []).filter((m) => m.author === "agent");
  return agentMessages.at(-1)?.body;
}
