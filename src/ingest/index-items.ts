import type { KnowledgeKind } from "./knowledge.schema.js";
import type { KnowledgeStore, StoredArticle, StoredTicket } from "../adapters/store/knowledge-store.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import type { KnowledgeIndex } from "../adapters/index/knowledge-index.js";
import { IndexChangeLog } from "../adapters/index/change-log.js";
import type { ChangeFeed } from "../adapters/index/index-holder.js";
import { articlePassages, chunkArticle, type ChunkOptions } from "./chunk.js";
import { embedWithCache } from "./embed-cache.js";
import { ticketQuestionText } from "./prepare.js";
import { JobInterrupted } from "../jobs/catalog.js";

export interface IndexingDeps {
  store: KnowledgeStore;
  embedder: Embedder;
  index: () => KnowledgeIndex;
  chunking: ChunkOptions;
}

export interface IndexingResult {
  indexed: number;
  removed: number;
  unchanged: number;
}

/** Items per embedding round: large enough to fill the embedder's batches, small enough for steady progress. */
const ROUND = 256;
/** Rounds queued at the model at once: when one comes back, the next is already being embedded. */
const ROUNDS_IN_FLIGHT = 2;

/**
 * Brings the index in line with the store for the given ids. It reads the current state from the
 * store rather than trusting the job payload, so it is idempotent: re-running a job (after a crash or
 * a retry) or running an old job after a newer one converges on what the store holds.
 */
export async function syncItems(
  deps: IndexingDeps,
  kind: KnowledgeKind,
  ids: string[],
  onProgress: (done: number, total: number) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<IndexingResult> {
  const result: IndexingResult = { indexed: 0, removed: 0, unchanged: 0 };
  const rounds: string[][] = [];
  for (let start = 0; start < ids.length; start += ROUND) rounds.push(ids.slice(start, start + ROUND));
  const begin = (round: string[]): Promise<WriteRound> => {
    const toIndex: Array<StoredArticle | StoredTicket> = [];
    for (const id of round) {
      const stored = deps.store.get(kind, id);
      if (!stored) {
        if (deps.index().remove(kind, id)) result.removed++;
        else result.unchanged++;
      } else if (deps.index().indexedHash(kind, id) === stored.contentHash) {
        result.unchanged++;
      } else {
        toIndex.push(stored);
      }
    }
    const embedded = kind === "article" ? embedArticles(deps, toIndex as StoredArticle[]) : embedTickets(deps, toIndex as StoredTicket[]);
    // Awaited later, or never if the job stops first: a failure must not go unhandled meanwhile.
    embedded.catch(() => undefined);
    return embedded;
  };
  // The model never waits for this thread: while it embeds one round, the next is queued behind it,
  // and the round before is written into HNSW and BM25 (inserts run on this thread).
  const inFlight: Array<Promise<WriteRound>> = [];
  let begun = 0;
  const fill = () => {
    while (begun < rounds.length && inFlight.length < ROUNDS_IN_FLIGHT) inFlight.push(begin(rounds[begun++]!));
  };
  fill();
  for (let r = 0; r < rounds.length; r++) {
    // Shutdown stops between rounds: what is indexed stays, the rest is picked up when the job reruns.
    if (signal?.aborted) throw new JobInterrupted();
    const write = await inFlight.shift()!;
    fill();
    result.indexed += write();
    await onProgress(Math.min((r + 1) * ROUND, ids.length), ids.length);
  }
  return result;
}

/** Writes an embedded round into the index; returns how many items it indexed. */
type WriteRound = () => number;

async function embedArticles(deps: IndexingDeps, articles: StoredArticle[]): Promise<WriteRound> {
  const units = await Promise.all(
    articles.map(async (article) => [
      ...(await chunkArticle(article.title, article.body, deps.chunking)).map((text, chunk) => ({ text, level: "chunk" as const, chunk })),
      ...articlePassages(article.body).map((text, chunk) => ({ text, level: "passage" as const, chunk })),
    ]),
  );
  const vectors = await embedWithCache(deps.store, deps.embedder, units.flat().map((unit) => unit.text));
  return () => {
    let offset = 0;
    articles.forEach((article, i) => {
      const chunks = units[i]!.map((unit, j) => ({
        text: unit.text,
        vector: vectors[offset + j]!,
        meta: { articleId: article.id, level: unit.level, chunk: unit.chunk, title: article.title, brand: article.brand, locale: article.locale },
      }));
      offset += chunks.length;
      deps.index().upsertArticle(article.id, article.contentHash, chunks);
    });
    return articles.length;
  };
}

async function embedTickets(deps: IndexingDeps, tickets: StoredTicket[]): Promise<WriteRound> {
  const texts = tickets.map(ticketQuestionText);
  const vectors = await embedWithCache(deps.store, deps.embedder, texts);
  return () => {
    tickets.forEach((ticket, i) => {
      deps.index().upsertTicket(ticket.id, ticket.contentHash, texts[i]!, vectors[i]!, {
        ticketId: ticket.id,
        status: ticket.status,
        articleIds: ticket.articleIds,
        brand: ticket.brand,
        locale: ticket.locale,
        createdAt: ticket.createdAt,
      });
    });
    return tickets.length;
  };
}

/** Ids whose indexed state differs from the store: missing, outdated, or deleted from the store. */
export function findDrift(store: KnowledgeStore, index: KnowledgeIndex, kind: KnowledgeKind): string[] {
  const drift: string[] = [];
  const inStore = new Set<string>();
  for (const item of store.list(kind)) {
    inStore.add(item.id);
    if (index.indexedHash(kind, item.id) !== item.contentHash) drift.push(item.id);
  }
  for (const id of index.ids(kind)) if (!inStore.has(id)) drift.push(id);
  return drift;
}

/**
 * Scaled mode's change feed (see change-log.ts): a log entry is applied by syncing its ids with the
 * store, and a gap in the log by syncing whatever differs.
 */
export function createChangeFeed(deps: IndexingDeps): ChangeFeed {
  const quiet = () => undefined;
  return {
    log: new IndexChangeLog(deps.store.kv),
    apply: async (kind, ids) => void (await syncItems(deps, kind, ids, quiet)),
    repair: async () => {
      for (const kind of ["article", "ticket"] as const) await syncItems(deps, kind, findDrift(deps.store, deps.index(), kind), quiet);
    },
  };
}
