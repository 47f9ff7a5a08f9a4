import { z } from "../shared/zod.js";
import type { SuggestionService } from "../copilot/suggestion-service.js";
import { ticketMessageSchema } from "../ingest/knowledge.schema.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";
import { sourceSchema } from "./answers.routes.js";

const suggestionBody = z
  .object({
    ticket: z
      .object({
        subject: z.string().max(1000),
        description: z.string().max(50_000),
        messages: z.array(ticketMessageSchema).max(200).optional(),
        customer: z.object({ name: z.string().max(200).optional(), email: z.string().max(320).optional() }).optional(),
        brand: z.string().max(100).optional(),
        locale: z.string().max(20).optional(),
      })
      .refine((t) => (t.subject + t.description).trim().length > 0, { message: "subject or description must have text", path: ["description"] }),
    limit: z.number().int().min(1).max(20).optional(),
  })
  .strict()
  .openapi("SuggestionRequest");

const suggestionResponse = z
  .object({
    id: z.string(),
    reply: z.string(),
    confidence: z.number().min(0).max(1),
    sources: z.array(sourceSchema),
    similarTickets: z.array(
      z.object({ id: z.string(), subject: z.string(), score: z.number(), tags: z.array(z.string()), status: z.string(), resolution: z.string().optional().describe("The agent's resolution") }),
    ),
    drafter: z.enum(["llm", "offline"]),
    language: z.string(),
  })
  .openapi("Suggestion");

export function mountSuggestionRoutes(context: RouteContext, suggest: SuggestionService): void {
  defineRoute(
    context,
    {
      method: "post",
      path: "/v1/suggestions",
      summary: "A reply draft for an open ticket, with numbered sources, confidence and similar solved tickets",
      tag: "Agents",
      roles: ["agent"],
      body: suggestionBody,
      responses: { 200: { description: "The suggestion", schema: suggestionResponse }, 400: { description: "Invalid request", schema: errorBodySchema } },
    },
    async (req, res) => {
      res.json(await suggest(valid(req, "body", suggestionBody)));
    },
  );
}
