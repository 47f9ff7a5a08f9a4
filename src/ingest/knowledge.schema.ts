import { z } from "../shared/zod.js";

/** Ids are caller-chosen (contract: 1-200 chars). Control characters and slashes never make it into a key. */
export const idSchema = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, "must not contain control characters or slashes");

const text = (max: number) => z.string().max(max);
const isoDate = z.string().datetime({ offset: true });

export const articleSchema = z
  .object({
    id: idSchema,
    title: text(500).min(1),
    body: text(200_000).min(1),
    url: z.string().url().max(2000).optional(),
    tags: z.array(text(100)).max(50).optional(),
    locale: text(20).optional(),
    brand: text(100).optional(),
    updatedAt: isoDate.optional(),
  })
  .openapi("Article");

export const ticketMessageSchema = z.object({
  author: z.enum(["customer", "agent"]),
  body: text(50_000),
  createdAt: isoDate.optional(),
});

export const ticketStatusSchema = z.enum(["new", "open", "pending", "solved", "closed"]);

/** Statuses of a ticket whose resolution can be learned from (history, similar tickets). */
export const SOLVED_STATUSES: ReadonlyArray<z.infer<typeof ticketStatusSchema>> = ["solved", "closed"];
export const isSolved = (status: string): boolean => (SOLVED_STATUSES as readonly string[]).includes(status);

export const ticketSchema = z
  .object({
    id: idSchema,
    subject: text(1000),
    description: text(50_000),
    messages: z.array(ticketMessageSchema).max(200).optional(),
    status: ticketStatusSchema,
    tags: z.array(text(100)).max(50).optional(),
    brand: text(100).optional(),
    channel: text(50).optional(),
    locale: text(20).optional(),
    createdAt: isoDate.optional(),
    customer: z.object({ name: text(200).optional(), email: text(320).optional() }).optional(),
    articleIds: z.array(idSchema).max(50).optional(),
  })
  .openapi("Ticket");

export type Article = z.infer<typeof articleSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketMessage = z.infer<typeof ticketMessageSchema>;
export type KnowledgeKind = "article" | "ticket";
