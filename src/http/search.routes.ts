import { z } from "../shared/zod.js";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import { ticketStatusSchema } from "../ingest/knowledge.schema.js";
import { hybridSearch } from "../retrieval/hybrid-search.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";

const searchBody = z
  .object({
    query: z.string().trim().min(1).max(2000),
    kind: z.enum(["article", "ticket"]).default("article"),
    brand: z.string().max(100).optional(),
    locale: z.string().max(20).optional(),
    status: z.array(ticketStatusSchema).max(5).optional(),
    limit: z.number().int().min(1).max(50).default(5),
  })
  .strict()
  .openapi("SearchRequest");

const searchResponse = z
  .object({ hits: z.array(z.object({ id: z.string(), key: z.string(), score: z.number(), dense: z.number().optional(), keyword: z.number().optional() })) })
  .openapi("SearchResponse");

/** An addition to the contract: raw hybrid retrieval, for admins checking what the index holds. */
export function mountSearchRoutes(context: RouteContext, holder: IndexHolder, embedder: Embedder): void {
  defineRoute(context, { method: "post", path: "/v1/search", summary: "Hybrid (dense + BM25) search over articles or tickets", tag: "Knowledge", roles: ["admin", "agent", "content"], body: searchBody, responses: { 200: { description: "Hits, best first", schema: searchResponse }, 400: { description: "Invalid request", schema: errorBodySchema } } }, async (req, res) => {
    const { query, kind, limit, ...filters } = valid(req, "body", searchBody);
    const [vector] = await embedder.embedVectors([query], { urgent: true });
    res.json({ hits: hybridSearch(holder.current, kind, { vector: vector!, text: query }, filters, limit) });
  });
}
