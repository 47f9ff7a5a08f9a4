import type { Article, KnowledgeKind, Ticket } from "./knowledge.schema.js";
import type { KnowledgeStore, StoredItem } from "../adapters/store/knowledge-store.js";
import type { JobQueue } from "../jobs/catalog.js";
import type { Redactor } from "./redact.js";
import { prepareArticle, prepareTicket } from "./prepare.js";
import { notFound, unavailable } from "../shared/app-error.js";

export interface KnowledgeServiceDeps {
  store: KnowledgeStore;
  jobs: JobQueue;
  redact: Redactor;
}

/**
 * Accepting content: redact and normalise, write durably, then hand indexing to a job. Once this
 * resolves the items survive a crash; a lost job is repaired by the reconcile job at start-up.
 */
export function createKnowledgeService({ store, jobs, redact }: KnowledgeServiceDeps) {
  /** Checked before the store is touched, so a Redis outage answers 503 without a half-done change (a delete a retry could not repeat). */
  async function queueReachable(): Promise<void> {
    if (!(await jobs.isReady())) throw unavailable("the job queue is unreachable; nothing was changed, retry shortly");
  }

  async function accept<K extends KnowledgeKind>(kind: K, items: StoredItem<K>[]): Promise<{ jobId: string; changed: number }> {
    // The last copy of a repeated id wins, as it would with sequential PUTs.
    const unique = [...new Map(items.map((item) => [item.id, item])).values()];
    await queueReachable();
    const changed = await store.putMany(kind, unique);
    const jobId = await jobs.enqueue("index", { kind, ids: unique.map((item) => item.id) }, unique.length);
    return { jobId, changed: changed.length };
  }

  return {
    upsertArticles: (articles: Article[]) => accept("article", articles.map((a) => prepareArticle(a, redact))),
    upsertTickets: (tickets: Ticket[]) => accept("ticket", tickets.map((t) => prepareTicket(t, redact))),

    get<K extends KnowledgeKind>(kind: K, id: string): StoredItem<K> {
      const item = store.get(kind, id);
      if (!item) throw notFound(`${kind} ${id}`);
      return item;
    },

    async remove(kind: KnowledgeKind, id: string): Promise<{ jobId: string }> {
      await queueReachable();
      if (!(await store.remove(kind, id))) throw notFound(`${kind} ${id}`);
      return { jobId: await jobs.enqueue("index", { kind, ids: [id] }, 1) };
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
