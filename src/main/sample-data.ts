import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { articleSchema, ticketSchema, type Article, type Ticket } from "../ingest/knowledge.schema.js";
import type { KnowledgeService } from "../ingest/knowledge-service.js";
import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data");

/**
 * Loads data/ into an empty store through the normal ingestion path. Ticket dates are shifted so the
 * newest sample ticket is from today: the demo's "last 30 days" then always has data in it.
 */
export async function seedSampleData(store: KnowledgeStore, knowledge: KnowledgeService, now = new Date()): Promise<{ articles: number; tickets: number; jobIds: string[] } | undefined> {
  if (store.count("article") > 0 || store.count("ticket") > 0) return undefined;
  const articles = (JSON.parse(await fs.readFile(path.join(dataDir, "articles.json"), "utf8")) as unknown[]).map((a) => articleSchema.parse(a));
  const lines = (await fs.readFile(path.join(dataDir, "tickets.jsonl"), "utf8")).split("\n").filter((line) => line.trim());
  const tickets = shiftDates(lines.map((line) => ticketSchema.parse(JSON.parse(line))), now);
  const jobIds = [(await knowledge.upsertArticles(articles)).jobId];
  for (let i = 0; i < tickets.length; i += 1000) jobIds.push((await knowledge.upsertTickets(tickets.slice(i, i + 1000))).jobId);
  return { articles: articles.length, tickets: tickets.length, jobIds };
}

function shiftDates(tickets: Ticket[], now: Date): Ticket[] {
  const newest = Math.max(...tickets.map((t) => (t.createdAt ? Date.parse(t.createdAt) : 0)));
  if (!Number.isFinite(newest) || newest <= 0) return tickets;
  const offset = now.getTime() - newest;
  const shift = (iso?: string) => (iso ? new Date(Date.parse(iso) + offset).toISOString() : iso);
  return tickets.map((ticket) => ({
    ...ticket,
    createdAt: shift(ticket.createdAt),
    messages: ticket.messages?.map((message) => ({ ...message, createdAt: shift(message.createdAt) })),
  }));
}

export type { Article };
