import { z } from "../shared/zod.js";
import { idSchema } from "../ingest/knowledge.schema.js";

export const gapStatusSchema = z.enum(["open", "accepted", "dismissed", "covered"]);
export type GapStatus = z.infer<typeof gapStatusSchema>;

const isoDate = z.string().datetime({ offset: true });

export const gapSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    keywords: z.array(z.string()),
    ticketCount: z.number().int(),
    ticketIds: z.array(z.string()).describe("Every member ticket"),
    questionCount: z.number().int().describe("Escalated or unresolved instant-answer questions in the topic"),
    sampleQuestions: z.array(z.string()),
    sampleSources: z.array(z.string()).describe("Where each sample question came from: ticket:<id> or question:<interaction id>"),
    growth: z.number().describe("(tickets this period - tickets in the previous equal-length period) / max(previous, 1)"),
    previousTicketCount: z.number().int(),
    trend: z.array(z.object({ weekStart: z.string(), count: z.number().int() })).describe("Member tickets per week, oldest first"),
    brand: z.string().optional().describe("The brand most member tickets carry, when one has a majority"),
    nearestArticle: z.object({ id: z.string(), title: z.string(), score: z.number() }).optional(),
    coverage: z.object({
      score: z.number().describe("0..1: how much of the topic existing articles answer"),
      linkedShare: z.number().describe("Share of solved member tickets whose articleIds name an article"),
      medianArticleSimilarity: z.number(),
      policyAnswerShare: z.number().optional().describe("Share of the sampled members whose best article the instant-answer policy, calibrated on history, finds more likely right than not"),
      failedAnswers: z.number().int(),
      coveredBy: z.string().optional(),
      reason: z.string(),
    }),
    status: gapStatusSchema,
    note: z.string().optional(),
    draft: z.object({ title: z.string(), outline: z.array(z.string()) }).optional(),
    firstSeenAt: z.string(),
    coveredAt: z.string().optional(),
    impact: z
      .object({
        articleId: z.string(),
        articleAt: z.string(),
        before: z.object({ ticketsPerWeek: z.number(), answerRate: z.number().optional() }),
        after: z.object({ ticketsPerWeek: z.number(), answerRate: z.number().optional() }),
      })
      .optional()
      .describe("Ticket volume and instant-answer rate before and after the covering article"),
  })
  .openapi("Gap");
export type Gap = z.infer<typeof gapSchema>;

export const gapReportSchema = z
  .object({
    runId: z.string(),
    generatedAt: z.string(),
    since: z.string(),
    until: z.string(),
    ticketsAnalyzed: z.number().int(),
    questionsAnalyzed: z.number().int(),
    topicsFound: z.number().int(),
    coveredTopics: z.number().int(),
    noiseShare: z.number().describe("Share of items that belong to no topic (one-offs)"),
    gaps: z.array(gapSchema),
    stats: z.object({
      durationMs: z.number(),
      peakRssMb: z.number(),
      edgeFloor: z.number(),
      resolution: z.number(),
      minTickets: z.number().int(),
      phases: z.record(z.number()).optional().describe("Milliseconds per step: collect, vectors, topics (= knn + communities), coverage, report"),
    }),
  })
  .openapi("GapReport");
export type GapReport = z.infer<typeof gapReportSchema>;

export const runRequestSchema = z
  .object({
    since: isoDate.optional(),
    until: isoDate.optional(),
    minTickets: z.number().int().min(2).max(10_000).optional(),
  })
  .strict()
  .refine((r) => !r.since || !r.until || Date.parse(r.since) < Date.parse(r.until), { message: "since must be before until", path: ["since"] });
export type RunRequest = z.infer<typeof runRequestSchema>;

export const patchGapSchema = z.object({ status: gapStatusSchema, note: z.string().max(2000).optional() }).strict();
export const gapIdParams = z.object({ id: idSchema });
export const runIdParams = z.object({ runId: z.string().regex(/^[\w-]{1,100}$/, "letters, digits, _ and - only") });
export const exportQuerySchema = z.object({ format: z.enum(["csv", "json", "md"]).default("json") });
