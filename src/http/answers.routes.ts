import { z } from "../shared/zod.js";
import type { AnswerService } from "../answers/answer-service.js";
import type { Calibration } from "../answers/calibration.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";

export const sourceSchema = z
  .object({ kind: z.enum(["article", "ticket"]), id: z.string(), title: z.string(), score: z.number(), url: z.string().optional(), snippet: z.string() })
  .openapi("Source");

const answerBody = z
  .object({
    question: z.string().trim().min(1).max(4000),
    brand: z.string().max(100).optional(),
    locale: z.string().max(20).optional(),
    customer: z.object({ name: z.string().max(200).optional() }).optional(),
  })
  .strict()
  .openapi("AnswerRequest");

const answerResponse = z
  .object({
    id: z.string(),
    decision: z.enum(["answer", "escalate"]),
    answer: z.string().optional(),
    confidence: z.number().min(0).max(1),
    sources: z.array(sourceSchema),
    reason: z.enum(["low_confidence", "no_coverage", "sensitive_topic", "human_requested", "negative_sentiment"]).optional(),
    detail: z.string().optional(),
  })
  .openapi("AnswerResponse");

export function mountAnswerRoutes(context: RouteContext, answer: AnswerService, calibration: () => Calibration): void {
  defineRoute(context, { method: "get", path: "/v1/answers/calibration", summary: "How confidence is calibrated: source, threshold and held-out reliability", tag: "Customers", roles: ["agent", "content"], responses: { 200: { description: "The calibration in use" } } }, (_req, res) => {
    res.json(calibration());
  });

  defineRoute(
    context,
    {
      method: "post",
      path: "/v1/answers",
      summary: "Instant answer for a customer, or an escalation with its reason",
      tag: "Customers",
      roles: ["widget", "agent"],
      body: answerBody,
      responses: { 200: { description: "An answer or an escalation", schema: answerResponse }, 400: { description: "Invalid request", schema: errorBodySchema } },
    },
    async (req, res) => {
      res.json(await answer(valid(req, "body", answerBody)));
    },
  );
}
