import { newId } from "../shared/ids.js";
import type { TicketMessage } from "../ingest/knowledge.schema.js";
import { ticketQuestionText, ticketResolution } from "../ingest/prepare.js";
import { SOLVED_STATUSES } from "../ingest/knowledge.schema.js";
import type { QuestionDeps } from "../answers/question-deps.js";
import { gatherEvidence, solvedTicketHits } from "../answers/evidence.js";
import { confidenceOf, readCalibration } from "../answers/calibration.js";
import { bestChunkText, trimAt } from "../answers/compose.js";
import { fusionDepth, hybridSearch } from "../retrieval/hybrid-search.js";
import type { DraftSource, Drafter } from "./drafter.js";
import { detectLanguage } from "./language.js";

export interface SuggestionRequest {
  ticket: { subject: string; description: string; messages?: TicketMessage[]; customer?: { name?: string }; brand?: string; locale?: string };
  limit?: number;
}

export interface Source {
  kind: "article" | "ticket";
  id: string;
  title: string;
  score: number;
  url?: string;
  snippet: string;
}

export interface Suggestion {
  id: string;
  reply: string;
  confidence: number;
  sources: Source[];
  similarTickets: Array<{ id: string; subject: string; score: number; tags: string[]; status: string; resolution?: string }>;
  drafter: "llm" | "offline";
  language: string;
}

export interface SuggestionServiceDeps extends QuestionDeps {
  drafter: Drafter;
}

/** Below this similarity an article is not about the ticket and is not offered to the drafter. */
const ARTICLE_FLOOR = 0.4;
/** Similar tickets whose resolution is offered to the drafter: close paraphrases only. */
const RESOLUTION_FLOOR = 0.6;

/**
 * Reply suggestions for agents: the best articles and similar solved tickets, numbered as sources, a
 * drafted reply grounded in them, and the calibrated confidence that the top article answers the
 * ticket. Logged (redacted) so feedback can say whether the agent used it.
 */
export function createSuggestionService(deps: SuggestionServiceDeps) {
  return async function suggest(request: SuggestionRequest): Promise<Suggestion> {
    const id = newId();
    const { ticket } = request;
    const limit = request.limit ?? 5;
    const text = deps.redact(ticketQuestionText({ subject: ticket.subject, description: ticket.description, messages: ticket.messages }));
    const signals = deps.detectSignals(text);
    const [vector] = await deps.embedder.embedVectors([text], { urgent: true });
    const index = deps.holder.current;
    // One search for the nearest solved tickets serves both the evidence and the similar-tickets list.
    const solvedTickets = solvedTicketHits(index, { vector: vector!, brand: ticket.brand }, fusionDepth(limit));
    const evidence = gatherEvidence(index, { vector: vector!, text, brand: ticket.brand, locale: ticket.locale, solvedTickets });
    const confidence = evidence.candidates[0] ? round(confidenceOf(readCalibration(deps.store, deps.embedder.modelId), evidence.features)) : 0;

    const articleSources = await Promise.all(
      evidence.candidates
        .filter((c) => c.passage >= ARTICLE_FLOOR || c.historyShare >= 0.3)
        .slice(0, 3)
        .map(async (c) => {
          const article = deps.store.get("article", c.articleId);
          const body = await bestChunkText(deps.store, c.articleId, c.unitHits, deps.chunking);
          return { kind: "article" as const, id: c.articleId, title: article?.title ?? c.title, score: round(Math.max(c.passage, c.historyShare)), url: article?.url, text: body };
        }),
    );
    const similar = hybridSearch(index, "ticket", { vector: vector!, text }, { brand: ticket.brand, status: [...SOLVED_STATUSES] }, limit, solvedTickets)
      .map((hit) => ({ hit, stored: deps.store.get("ticket", hit.id) }))
      .filter((entry) => entry.stored !== undefined);
    const ticketSources = similar
      .filter(({ hit, stored }) => (hit.dense ?? 0) >= RESOLUTION_FLOOR && ticketResolution(stored!) !== undefined)
      .slice(0, 2)
      .map(({ hit, stored }) => ({ kind: "ticket" as const, id: hit.id, title: stored!.subject, score: round(hit.dense ?? 0), url: undefined, text: ticketResolution(stored!)! }));

    const numbered: DraftSource[] = [...articleSources, ...ticketSources].map((source, i) => ({ n: i + 1, ...source, url: source.url ?? undefined }));
    const language = detectLanguage(text, ticket.locale?.slice(0, 2) ?? "en");
    const draft = await deps.drafter.draft({
      customerName: ticket.customer?.name,
      question: text,
      language,
      sentiment: signals.sentiment.negative ? "negative" : signals.sentiment.score > 2 ? "positive" : "neutral",
      sources: numbered,
    });
    const sources: Source[] = numbered.map((s) => ({ kind: s.kind, id: s.id, title: s.title, score: s.score, ...(s.url ? { url: s.url } : {}), snippet: trimAt(s.text, 400) }));
    const suggestion: Suggestion = {
      id,
      reply: draft.reply,
      confidence,
      sources,
      similarTickets: similar.map(({ hit, stored }) => {
        const resolution = ticketResolution(stored!);
        return { id: hit.id, subject: stored!.subject, score: round(hit.dense ?? 0), tags: stored!.tags ?? [], status: stored!.status, ...(resolution ? { resolution: trimAt(resolution, 400) } : {}) };
      }),
      drafter: draft.drafter,
      language,
    };
    await deps.store.putInteraction({
      id,
      kind: "suggestion",
      createdAt: new Date().toISOString(),
      question: text,
      brand: ticket.brand,
      locale: ticket.locale,
      confidence,
      sourceIds: sources.map((s) => s.id),
      reply: draft.reply,
    });
    return suggestion;
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export type SuggestionService = ReturnType<typeof createSuggestionService>;
