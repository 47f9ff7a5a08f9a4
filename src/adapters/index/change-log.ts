import type { Database } from "lmdb";
import type { KnowledgeKind } from "../../ingest/knowledge.schema.js";

/** One index write: the items of one kind a job synced from the store, in the order writes happened. */
export interface IndexChange {
  seq: number;
  kind: KnowledgeKind;
  ids: string[];
}

const PREFIX = "index:log:";
const HEAD = "index:log-head";
/** Zero-padded so that LMDB's key order is the sequence order. */
const keyOf = (seq: number) => `${PREFIX}${String(seq).padStart(12, "0")}`;

/**
 * The scaled mode's record of index writes, kept in the shared store next to the items themselves.
 * A saved index version is a snapshot up to some sequence number; any process gets the current index
 * by loading the snapshot and syncing the ids of each later entry from the store (vectors come from
 * the embedding cache, so no model work). That lets the single writer save the whole index only now
 * and then instead of after every job, and lets API replicas apply a small write instead of reloading
 * everything: before this, a ticket sent on its own to a desk of 20,000 cost the worker a full save
 * and every API a full reload (2.3 single tickets/s, 0.4 s of API CPU each). Syncing is idempotent
 * and reads the store's current state, so replaying an entry twice, or after a later one, converges.
 */
export class IndexChangeLog {
  constructor(private readonly kv: Database<unknown, string>) {}

  /** The last sequence number written (0 when nothing was). */
  head(): number {
    return (this.kv.get(HEAD) as number | undefined) ?? 0;
  }

  /** Appends one write durably; returns its sequence number. */
  async append(kind: KnowledgeKind, ids: readonly string[]): Promise<number> {
    return this.kv.transaction(() => {
      const seq = this.head() + 1;
      void this.kv.put(keyOf(seq), { kind, ids: [...ids] });
      void this.kv.put(HEAD, seq);
      return seq;
    });
  }

  /**
   * The entries after `seq`, oldest first; undefined when some of them were pruned already (the
   * caller is further behind than the oldest snapshot kept, and must load that snapshot first).
   */
  since(seq: number): IndexChange[] | undefined {
    // The head is read first: entries appended meanwhile by the writer are left for the next call.
    const head = this.head();
    const entries: IndexChange[] = [];
    if (head <= seq) return entries;
    for (const { key, value } of this.kv.getRange({ start: keyOf(seq + 1), end: keyOf(head + 1) })) {
      const entry = value as Omit<IndexChange, "seq">;
      entries.push({ seq: Number((key as string).slice(PREFIX.length)), kind: entry.kind, ids: entry.ids });
    }
    // Entries are only ever removed from the old end, so a gap shows as a short list.
    return entries.length === head - seq ? entries : undefined;
  }

  /** Drops the entries up to `seq`: a saved snapshot holds them. */
  async prune(seq: number): Promise<void> {
    const old = [...this.kv.getKeys({ start: PREFIX, end: keyOf(seq + 1) })];
    if (old.length === 0) return;
    await this.kv.transaction(() => {
      for (const key of old) void this.kv.remove(key);
    });
  }
}
