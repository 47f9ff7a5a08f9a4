import { z } from "../shared/zod.js";
import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { FeedbackService } from "../feedback/feedback-service.js";
import { computeStats } from "../feedback/stats.js";
import { replayThreshold } from "../feedback/threshold-replay.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";
import { AppError } from "../shared/app-error.js";

const interactionId = z.string().min(1).max(100).regex(/^[\w-]+$/, "letters, digits, _ and - only");
const feedbackBody = z
  .object({
    suggestionId: interactionId.optional(),
    answerId: interactionId.optional(),
    outcome: z.enum(["used", "edited", "discarded", "resolved", "not_resolved", "escalated"]),
    finalReply: z.string().max(50_000).optional(),
  })
  .strict()
  .refine((body) => Boolean(body.suggestionId) !== Boolean(body.answerId), { message: "give exactly one of suggestionId and answerId", path: ["suggestionId"] })
  .openapi("Feedback");

const period = z
  .object({
    since: z.string().datetime({ offset: true }).optional(),
    until: z.string().datetime({ offset: true }).optional(),
    days: z.coerce.number().int().min(1).max(366).default(30),
  })
  .strict();
const replayQuery = period.extend({ threshold: z.coerce.number().min(0).max(1) });

/** [since, until): explicit dates, or the last `days` days up to now. */
function window(query: z.infer<typeof period>): [Date, Date] {
  const until = query.until ? new Date(query.until) : new Date();
  const since = query.since ? new Date(query.since) : new Date(until.getTime() - query.days * 86_400_000);
  if (since >= until) throw new AppError("invalid_request", "since must be before until", [{ path: "query.since", message: "must be before until" }]);
  return [since, until];
}

export function mountFeedbackRoutes(context: RouteContext, record: FeedbackService, store: KnowledgeStore): void {
  defineRoute(context, { method: "post", path: "/v1/feedback", summary: "Report what happened to a suggestion or an answer", tag: "Feedback", roles: ["agent", "widget"], body: feedbackBody, responses: { 204: { description: "Recorded" }, 400: { description: "Invalid request", schema: errorBodySchema }, 404: { description: "Unknown suggestion or answer", schema: errorBodySchema } } }, async (req, res) => {
    const body = valid(req, "body", feedbackBody);
    // The widget role may only report on answers (API contract: "answer feedback only").
    if (body.suggestionId && !(await context.hasRole(req, "agent"))) throw new AppError("forbidden", "this key may only report feedback on answers");
    await record(body);
    res.status(204).end();
  });

  defineRoute(context, { method: "get", path: "/v1/stats", summary: "Deflection, escalation reasons, suggestion use and coverage, by day", tag: "Feedback", roles: ["agent", "content"], query: period, responses: { 200: { description: "Figures for the period" } } }, (req, res) => {
    const [since, until] = window(valid(req, "query", period));
    res.json(computeStats(store, since, until));
  });

  defineRoute(context, { method: "get", path: "/v1/stats/threshold-replay", summary: "What another confidence threshold would have answered, escalated, got right and wrong", tag: "Feedback", roles: ["agent", "content"], query: replayQuery, responses: { 200: { description: "Replay of logged questions" } } }, (req, res) => {
    const query = valid(req, "query", replayQuery);
    const [since, until] = window(query);
    res.json(replayThreshold(store, query.threshold, since, until));
  });
}
