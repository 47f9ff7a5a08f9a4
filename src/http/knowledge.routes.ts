import { z } from "../shared/zod.js";
import { articleSchema, idSchema, ticketSchema, type KnowledgeKind } from "../ingest/knowledge.schema.js";
import type { KnowledgeService } from "../ingest/knowledge-service.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";
import { invalid } from "../shared/app-error.js";

export const jobAcceptedSchema = z.object({ jobId: z.string() }).openapi("JobAccepted");
const idParams = z.object({ id: idSchema });
const errors = {
  400: { description: "Invalid request", schema: errorBodySchema },
  401: { description: "Missing or invalid API key", schema: errorBodySchema },
  403: { description: "The key lacks the role", schema: errorBodySchema },
};
const accepted = { 202: { description: "Accepted; indexing runs in the job", schema: jobAcceptedSchema }, ...errors };

const resources = [
  { kind: "article", plural: "articles", schema: articleSchema, tag: "Articles" },
  { kind: "ticket", plural: "tickets", schema: ticketSchema, tag: "Tickets" },
] as const;

/** Articles and tickets share one shape of API: bulk upsert, single upsert, get, delete. */
export function mountKnowledgeRoutes(context: RouteContext, knowledge: KnowledgeService, maxBulkItems: number): void {
  for (const { kind, plural, schema, tag } of resources) {
    const upsert = (items: unknown[]) =>
      kind === "article" ? knowledge.upsertArticles(items as z.infer<typeof articleSchema>[]) : knowledge.upsertTickets(items as z.infer<typeof ticketSchema>[]);
    const bulkBody = z.object({ [plural]: z.array(schema).min(1).max(maxBulkItems) }).strict();

    defineRoute(context, { method: "post", path: `/v1/${plural}/bulk`, summary: `Upsert up to ${maxBulkItems} ${plural}`, tag, roles: ["admin"], body: bulkBody, responses: accepted }, async (req, res) => {
      const body = valid(req, "body", bulkBody) as Record<string, unknown[]>;
      const { jobId } = await upsert(body[plural]!);
      res.status(202).json({ jobId });
    });

    defineRoute(context, { method: "put", path: `/v1/${plural}/:id`, summary: `Upsert one ${kind}`, tag, roles: ["admin"], params: idParams, body: schema, responses: accepted }, async (req, res) => {
      const { id } = valid(req, "params", idParams);
      const item = valid(req, "body", schema);
      if (item.id !== id) throw invalid(`body.id must equal the id in the path (${id})`, [{ path: "body.id", message: "does not match the path" }]);
      const { jobId } = await upsert([item]);
      res.status(202).json({ jobId });
    });

    defineRoute(context, { method: "get", path: `/v1/${plural}/:id`, summary: `The stored ${kind}, after redaction`, tag, roles: ["admin", "agent", "content"], params: idParams, responses: { 200: { description: `The ${kind}`, schema }, 404: { description: "Unknown id", schema: errorBodySchema }, ...errors } }, (req, res) => {
      const { contentHash: _hash, ...item } = knowledge.get(kind as KnowledgeKind, valid(req, "params", idParams).id);
      res.json(item);
    });

    defineRoute(context, { method: "delete", path: `/v1/${plural}/:id`, summary: `Delete a ${kind}; gone from every answer once the job completes`, tag, roles: ["admin"], params: idParams, responses: { ...accepted, 404: { description: "Unknown id", schema: errorBodySchema } } }, async (req, res) => {
      res.status(202).json(await knowledge.remove(kind as KnowledgeKind, valid(req, "params", idParams).id));
    });
  }
}
