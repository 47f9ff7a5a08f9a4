import { open, type RootDatabase, type Database } from "lmdb";
import path from "node:path";
import type { Article, KnowledgeKind, Ticket } from "../../ingest/knowledge.schema.js";

/** What is kept after normalisation and redaction; contentHash decides whether re-indexing is needed. */
export type StoredArticle = Article & { contentHash: string; storedAt: string };
export type StoredTicket = Omit<Ticket, "customer"> & {
  customer?: { name?: string };
  contentHash: string;
  storedAt: string;
};
/**
 * One suggestion or instant answer the service gave, with its outcome once feedback arrives. Questions
 * are stored redacted. Escalated and unresolved ones are evidence for the knowledge-gap report.
 */
export interface Interaction {
  id: string;
  kind: "suggestion" | "answer";
  createdAt: string;
  question: string;
  brand?: string;
  locale?: string;
  decision?: "answer" | "escalate";
  reason?: string;
  confidence: number;
  sourceIds: string[];
  reply?: string;
  outcome?: "used" | "edited" | "discarded" | "resolved" | "not_resolved" | "escalated";
  outcomeAt?: string;
  finalReply?: string;
  /** 0..1: how much of the suggested reply the agent changed (edited outcomes only). */
  editRatio?: number;
}

export type StoredItem<K extends KnowledgeKind> = K extends "article" ? StoredArticle : StoredTicket;

/**
 * The durable record of everything the service has acknowledged. LMDB is used because its commits are
 * flushed to disk before the promise resolves (so a 202 is never lost on a kill), it is safe for several
 * processes sharing one DATA_DIR (API replicas and workers) and it reads without copying whole files.
 */
export class KnowledgeStore {
  private readonly root: RootDatabase;
  private readonly articles: Database<StoredArticle, string>;
  private readonly tickets: Database<StoredTicket, string>;
  private readonly vectors: Database<Buffer, string>;
  private readonly interactions: Database<Interaction, string>;
  readonly kv: Database<unknown, string>;

  constructor(dataDir: string) {
    this.root = open({ path: path.join(dataDir, "store"), compression: false, mapSize: 64 * 1024 ** 3 });
    this.articles = this.root.openDB({ name: "articles" });
    this.tickets = this.root.openDB({ name: "tickets" });
    this.vectors = this.root.openDB({ name: "vectors", encoding: "binary" });
    this.kv = this.root.openDB({ name: "kv" });
    this.interactions = this.root.openDB({ name: "interactions" });
  }

  private table<K extends KnowledgeKind>(kind: K): Database<StoredItem<K>, string> {
    return (kind === "article" ? this.articles : this.tickets) as unknown as Database<StoredItem<K>, string>;
  }

  get<K extends KnowledgeKind>(kind: K, id: string): StoredItem<K> | undefined {
    return this.table(kind).get(id);
  }

  /**
   * Writes the items in one durable transaction and returns the ids whose content changed, so identical
   * re-sends cost no embedding work.
   */
  async putMany<K extends KnowledgeKind>(kind: K, items: StoredItem<K>[]): Promise<string[]> {
    const table = this.table(kind);
    return table.transaction(() => {
      const changed: string[] = [];
      for (const item of items) {
        if (table.get(item.id)?.contentHash !== item.contentHash) changed.push(item.id);
        void table.put(item.id, item);
      }
      return changed;
    });
  }

  /** Removes the item now; the index catches up in a job. Returns whether it existed. */
  async remove(kind: KnowledgeKind, id: string): Promise<boolean> {
    const table = this.table(kind);
    // lmdb's remove() resolves true whether or not the key existed, so existence is read in the same transaction.
    return table.transaction(() => {
      if (table.get(id) === undefined) return false;
      void table.remove(id);
      return true;
    });
  }

  *list<K extends KnowledgeKind>(kind: K): Generator<StoredItem<K>> {
    for (const { value } of this.table(kind).getRange()) yield value;
  }

  count(kind: KnowledgeKind): number {
    return this.table(kind).getCount();
  }

  getVector(key: string): Float32Array | undefined {
    const bytes = this.vectors.getBinary(key);
    if (!bytes) return undefined;
    // Copy out of LMDB's shared buffer: the returned view would be overwritten by the next read.
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  async putVectors(entries: Array<[string, Float32Array]>): Promise<void> {
    await this.vectors.transaction(() => {
      for (const [key, vector] of entries) void this.vectors.put(key, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    });
  }

  async putInteraction(interaction: Interaction): Promise<void> {
    await this.interactions.put(interaction.id, interaction);
  }

  getInteraction(id: string): Interaction | undefined {
    return this.interactions.get(id);
  }

  /** Interactions in creation order (ids are ulids, which sort by time), optionally within [since, until). */
  *listInteractions(range: { since?: Date; until?: Date } = {}): Generator<Interaction> {
    for (const { value } of this.interactions.getRange()) {
      const at = Date.parse(value.createdAt);
      if (range.since && at < range.since.getTime()) continue;
      if (range.until && at >= range.until.getTime()) continue;
      yield value;
    }
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
