import type { Interaction, KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { Redactor } from "../ingest/redact.js";
import { AppError, notFound } from "../shared/app-error.js";
import { editRatio } from "./edit-ratio.js";

export type Outcome = NonNullable<Interaction["outcome"]>;

export interface FeedbackInput {
  suggestionId?: string;
  answerId?: string;
  outcome: Outcome;
  finalReply?: string;
}

const outcomesFor: Record<Interaction["kind"], Outcome[]> = {
  suggestion: ["used", "edited", "discarded", "resolved", "not_resolved", "escalated"],
  answer: ["resolved", "not_resolved", "escalated"],
};

/**
 * Records what happened to a suggestion or an answer. An agent's final reply is redacted before it is
 * kept; how much it differs from the suggestion is kept too, because a heavily edited suggestion says
 * the article it drew on may be wrong or stale.
 */
export function createFeedbackService(store: KnowledgeStore, redact: Redactor) {
  return async function record(input: FeedbackInput): Promise<void> {
    const id = input.suggestionId ?? input.answerId!;
    const interaction = store.getInteraction(id);
    const expectedKind = input.suggestionId ? "suggestion" : "answer";
    if (!interaction || interaction.kind !== expectedKind) throw notFound(`${expectedKind} ${id}`);
    if (!outcomesFor[interaction.kind].includes(input.outcome)) {
      throw new AppError("invalid_request", `outcome "${input.outcome}" does not apply to an ${interaction.kind}`, [
        { path: "body.outcome", message: `one of ${outcomesFor[interaction.kind].join(", ")}` },
      ]);
    }
    const finalReply = input.finalReply === undefined ? undefined : redact(input.finalReply);
    await store.putInteraction({
      ...interaction,
      outcome: input.outcome,
      outcomeAt: new Date().toISOString(),
      ...(finalReply !== undefined ? { finalReply } : {}),
      ...(finalReply !== undefined && interaction.reply ? { editRatio: editRatio(interaction.reply, finalReply) } : {}),
    });
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
