import path from "node:path";
import type { Logger } from "../../shared/logger.js";
import { KnowledgeIndex, readCurrentLogSeq, readCurrentVersion, type LoadOutcome } from "./knowledge-index.js";
import type { HnswParams } from "./hnsw-index.js";
import type { IndexChangeLog } from "./change-log.js";
import type { KnowledgeKind } from "../../ingest/knowledge.schema.js";

export interface IndexHolderOptions {
  dataDir: string;
  modelId: string;
  dimensions: number;
  params: HnswParams;
  saveIntervalMs: number;
  logger: Logger;
}

/**
 * Saves take at most about a tenth of the time: a save writes the whole index (O(size), mostly
 * synchronous: hnswlib's writer and the BM25 JSON), so at a fixed interval a large index would spend
 * ever more of an import saving, with questions waiting behind each save. Nothing acknowledged depends
 * on the interval: the store has every item before the API answers, and start-up re-indexes whatever
 * the last saved version lacks.
 */
const SAVE_SHARE = 0.1;

/** How long to wait before the next save: the configured interval, or longer after a slow save. */
export function nextSaveDelay(intervalMs: number, lastSaveMs: number): number {
  return Math.max(intervalMs, Math.round((lastSaveMs * (1 - SAVE_SHARE)) / SAVE_SHARE));
}

/** Scaled mode: the shared change log, and how this process applies its entries. */
export interface ChangeFeed {
  log: IndexChangeLog;
  /** Brings the live index in line with the store for these ids (syncItems: vectors from the cache). */
  apply(kind: KnowledgeKind, ids: string[]): Promise<void>;
  /** Brings the whole live index in line with the store, for when the log cannot say what changed. */
  repair(): Promise<void>;
}

/** How a catch-up got the process current: nothing to do, replayed log entries, a snapshot load, a repair. */
export type CatchUp = "none" | "log" | "snapshot" | "repair";

/**
 * Above this many ids to replay, loading the saved snapshot is the cheaper way to catch up. A replay
 * costs an HNSW insert per item (about 0.3 ms: 30 s of one core for 100,000 tickets), while a load
 * reads the whole index at roughly twenty times that speed (a restart at 100,000 tickets serves them
 * all within 6 s, the model's start included). A writer saves at once after a write this large (see
 * `record`), so that replicas load it.
 */
export function replayLimit(indexSize: number): number {
  return Math.max(1000, Math.round(indexSize / 20));
}

/**
 * Owns the live KnowledgeIndex of a process. Writers call `changed()` after a job step; the index is
 * then saved after `nextSaveDelay` (or at once with `flush()`). Readers in other processes call
 * `catchUp()` when told that something was written; in scaled mode writers also `record()` each write
 * in the shared change log, which is what readers replay.
 */
export class IndexHolder {
  private live!: KnowledgeIndex;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  /**
   * The catch-up in progress. Catch-ups run one after another: two announcements close together used
   * to start two loads side by side, and when the older version's load finished last it replaced the
   * newer one, with no announcement left to correct it (seen in the scale-out test once jobs got fast
   * enough to save twice within one load).
   */
  private catchingUp: Promise<unknown> = Promise.resolve();
  private feed: ChangeFeed | undefined;
  /** Catch-ups by how they went, for /metrics. */
  readonly catchUps: Record<CatchUp, number> = { none: 0, log: 0, snapshot: 0, repair: 0 };
  private lastSaveMs = 0;
  private readonly listeners: Array<(version: number) => void> = [];
  readonly rootDir: string;
  loaded = false;

  constructor(private readonly options: IndexHolderOptions) {
    this.rootDir = path.join(options.dataDir, "index");
  }

  get current(): KnowledgeIndex {
    return this.live;
  }

  /** Loads the CURRENT version; says what happened so the caller can rebuild when needed. */
  async load(): Promise<LoadOutcome> {
    const { modelId, dimensions, params, logger } = this.options;
    const { index, outcome, detail } = await KnowledgeIndex.load(this.rootDir, modelId, dimensions, params);
    this.live = index;
    this.loaded = true;
    if (outcome === "model_changed") logger.warn({ detail }, "embedding model or index format changed: the index is rebuilt from the store");
    if (outcome === "unreadable") logger.error({ detail }, "index files are corrupt or truncated: the index is rebuilt from the store");
    if (outcome === "loaded") logger.info({ version: index.version, articles: index.count("article"), tickets: index.count("ticket") }, "index loaded");
    return outcome;
  }

  /**
   * Scaled mode: from now on, catch-ups follow the shared change log and writes are recorded in it
   * (see change-log.ts), so the whole index is saved only now and then.
   */
  followChanges(feed: ChangeFeed): void {
    this.feed = feed;
  }

  /**
   * Brings the live index up to what other processes wrote: the log entries after its position,
   * after loading the saved snapshot first when that skips a long replay or the entries it needs were
   * pruned. Without a change log, loads the saved version if it is newer than the live one. Runs one
   * at a time (see catchingUp).
   */
  catchUp(): Promise<CatchUp> {
    const run = this.catchingUp.then(async () => {
      const how = this.feed ? await this.catchUpWith(this.feed) : (await this.reloadNow()) ? "snapshot" : "none";
      this.catchUps[how]++;
      return how;
    });
    this.catchingUp = run.catch(() => undefined);
    return run;
  }

  /**
   * Records a write this process made (scaled mode's single writer) and announces it. A write larger
   * than a replay is worth is saved at once, so other processes load it rather than replay it.
   */
  async record(kind: KnowledgeKind, ids: readonly string[]): Promise<void> {
    if (!this.feed || ids.length === 0) return;
    const seq = await this.feed.log.append(kind, ids);
    // Only when this index held every earlier entry does it hold this one; otherwise a catch-up replays.
    if (seq === this.live.logSeq + 1) this.live.logSeq = seq;
    if (ids.length > replayLimit(this.size())) await this.flush();
    else this.changed();
    for (const listener of this.listeners) listener(seq);
  }

  /**
   * Declares the live index in line with the store as a whole (a finished reconcile: every item synced),
   * so it holds every logged write. Without it a writer that rebuilt the index after a model change
   * would count itself behind the log, and never save the rebuilt index.
   */
  markInLineWithStore(): void {
    if (this.feed) this.live.logSeq = Math.max(this.live.logSeq, this.feed.log.head());
  }

  private size(): number {
    return this.live.count("ticket") + this.live.count("article");
  }

  private async catchUpWith(feed: ChangeFeed): Promise<CatchUp> {
    let entries = feed.log.since(this.live.logSeq);
    const pending = entries ? entries.reduce((sum, entry) => sum + entry.ids.length, 0) : Infinity;
    let how: CatchUp = "none";
    if (pending > replayLimit(this.size()) && (await readCurrentLogSeq(this.rootDir)) > this.live.logSeq) {
      const loaded = await this.loadSnapshot((index) => index.logSeq > this.live.logSeq);
      // Saved with another model or index format (or damaged): the writer rebuilds it from the store
      // and announces the new save. Replaying what it lacks here would embed everything a second time.
      if (loaded === "unusable" && !entries) return "none";
      if (loaded === "loaded") how = "snapshot";
      entries = feed.log.since(this.live.logSeq);
    }
    if (!entries) {
      // Entries this index needs were pruned and no snapshot holds them: a writer saved and pruned
      // while an older save became CURRENT. Rare, never silent, and the store still has everything.
      const head = feed.log.head();
      this.options.logger.warn({ at: this.live.logSeq, head }, "index change log has a gap: syncing the whole index with the store");
      await feed.repair();
      this.live.logSeq = Math.max(this.live.logSeq, head);
      return "repair";
    }
    for (const entry of entries) {
      await feed.apply(entry.kind, entry.ids);
      this.live.logSeq = entry.seq;
    }
    return entries.length > 0 && how === "none" ? "log" : how;
  }

  private async reloadNow(): Promise<boolean> {
    const version = await readCurrentVersion(this.rootDir);
    if (version <= this.live.version) return false;
    // CURRENT may have moved on during the load; a live version is never replaced by an older one.
    return (await this.loadSnapshot((index) => index.version > this.live.version)) === "loaded";
  }

  /** Loads CURRENT and makes it live when `newer` says it is; "unusable" when it cannot be loaded here. */
  private async loadSnapshot(newer: (index: KnowledgeIndex) => boolean): Promise<"loaded" | "older" | "unusable"> {
    const { index, outcome } = await KnowledgeIndex.load(this.rootDir, this.options.modelId, this.options.dimensions, this.options.params);
    if (outcome !== "loaded") return "unusable";
    if (!newer(index)) return "older";
    this.live = index;
    this.options.logger.info({ version: index.version, logSeq: index.logSeq }, "index reloaded");
    return "loaded";
  }

  /** Called with the version of each save, and in scaled mode with the log position of each write. */
  onAnnounce(listener: (position: number) => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush().catch((error: unknown) => this.options.logger.error({ err: error }, "index save failed"));
    }, nextSaveDelay(this.options.saveIntervalMs, this.lastSaveMs));
  }

  /** Drops a pending save; what it would have saved stays in the store (and, in scaled mode, the log). */
  stopSaving(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /** Saves now if anything changed; saves never overlap. */
  async flush(): Promise<void> {
    this.stopSaving();
    const run = this.saving.then(async () => {
      if (!this.live.dirty) return;
      // Behind the log (another worker wrote since this one last did): its save would be older than
      // theirs. The writer that is current saves instead.
      if (this.feed && this.feed.log.head() > this.live.logSeq) return;
      const started = performance.now();
      const version = await this.live.save(this.rootDir);
      this.lastSaveMs = performance.now() - started;
      this.options.logger.debug({ version, logSeq: this.live.logSeq, ms: Math.round(this.lastSaveMs) }, "index saved");
      await this.feed?.log.prune(this.live.logSeq);
      for (const listener of this.listeners) listener(version);
    });
    this.saving = run.catch(() => undefined);
    await run;
  }
}
