import type { Interaction, KnowledgeStore, StoredTicket } from "../adapters/store/knowledge-store.js";
import { ticketQuestionText } from "../ingest/prepare.js";

export interface WindowItem {
  /** Ticket id, or the interaction id for an instant-answer question. */
  id: string;
  kind: "ticket" | "question";
  text: string;
  subject: string;
  at: number;
  brand?: string;
  /** Solved/closed tickets only: the articles the agent linked. */
  solvedLinks?: string[];
}

export interface AnswerRecord {
  text: string;
  at: number;
  failed: boolean;
}

export interface CollectedWindow {
  current: WindowItem[];
  previous: WindowItem[];
  /** Every instant answer in both periods, for answer rates around a covering article. */
  answers: AnswerRecord[];
}

export interface Period {
  since: Date;
  until: Date;
}

const ticketTime = (t: StoredTicket) => Date.parse(t.createdAt ?? t.storedAt);
const failed = (i: Interaction) => i.decision === "escalate" || i.outcome === "not_resolved" || i.outcome === "escalated";

/**
 * Tickets of this period and of the equal-length period before it (for growth), plus instant-answer
 * questions: the escalated or unresolved ones are members like tickets (customers asked and got no
 * answer); all of them feed answer rates. Only what the analysis needs is kept in memory.
 */
export function collectWindow(store: KnowledgeStore, period: Period, existingArticles: Set<string>): CollectedWindow {
  const since = period.since.getTime();
  const until = period.until.getTime();
  const previousSince = since - (until - since);
  const current: WindowItem[] = [];
  const previous: WindowItem[] = [];
  for (const ticket of store.list("ticket")) {
    const at = ticketTime(ticket);
    if (!(at >= previousSince && at < until)) continue;
    const solved = ticket.status === "solved" || ticket.status === "closed";
    const item: WindowItem = {
      id: ticket.id,
      kind: "ticket",
      text: ticketQuestionText(ticket),
      subject: ticket.subject,
      at,
      ...(ticket.brand ? { brand: ticket.brand } : {}),
      ...(solved ? { solvedLinks: (ticket.articleIds ?? []).filter((id) => existingArticles.has(id)) } : {}),
    };
    (at >= since ? current : previous).push(item);
  }
  const answers: AnswerRecord[] = [];
  for (const interaction of store.listInteractions({ since: new Date(previousSince), until: period.until })) {
    if (interaction.kind !== "answer") continue;
    const at = Date.parse(interaction.createdAt);
    answers.push({ text: interaction.question, at, failed: failed(interaction) });
    if (at >= since && failed(interaction)) {
      current.push({ id: interaction.id, kind: "question", text: interaction.question, subject: interaction.question.slice(0, 120), at, ...(interaction.brand ? { brand: interaction.brand } : {}) });
    }
  }
  return { current, previous, answers };
}
