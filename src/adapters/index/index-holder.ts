import path from "node:path";
import type { Logger } from "../../shared/logger.js";
import { KnowledgeIndex, readCurrentVersion, type LoadOutcome } from "./knowledge-index.js";
import type { HnswParams } from "./hnsw-index.js";

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

/**
 * Owns the live KnowledgeIndex of a process. Writers call `changed()` after a job step; the index is
 * then saved after `nextSaveDelay` (or at once with `flush()`). Readers in other processes call
 * `reloadIfNewer()` when told that a newer version was saved.
 */
export class IndexHolder {
  private live!: KnowledgeIndex;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  private reloading: Promise<boolean> = Promise.resolve(false);
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
   * Loads the saved version if it is newer than the live one. Reloads run one after another: two
   * announcements close together used to start two loads side by side, and when the older version's
   * load finished last it replaced the newer one, with no announcement left to correct it (seen in the
   * scale-out test once jobs got fast enough to save twice within one load).
   */
  reloadIfNewer(): Promise<boolean> {
    const run = this.reloading.then(() => this.reloadNow());
    this.reloading = run.catch(() => false);
    return run;
  }

  private async reloadNow(): Promise<boolean> {
    const version = await readCurrentVersion(this.rootDir);
    if (version <= this.live.version) return false;
    const { index, outcome } = await KnowledgeIndex.load(this.rootDir, this.options.modelId, this.options.dimensions, this.options.params);
    // CURRENT may have moved on during the load; a live version is never replaced by an older one.
    if (outcome !== "loaded" || index.version <= this.live.version) return false;
    this.live = index;
    this.options.logger.info({ version: index.version }, "index reloaded");
    return true;
  }

  onSaved(listener: (version: number) => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush().catch((error: unknown) => this.options.logger.error({ err: error }, "index save failed"));
    }, nextSaveDelay(this.options.saveIntervalMs, this.lastSaveMs));
  }

  /** Saves now if anything changed; saves never overlap. */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const run = this.saving.then(async () => {
      if (!this.live.dirty) return;
      const started = performance.now();
      const version = await this.live.save(this.rootDir);
      this.lastSaveMs = performance.now() - started;
      this.options.logger.debug({ version, ms: Math.round(this.lastSaveMs) }, "index saved");
      for (const listener of this.listeners) listener(version);
    });
    this.saving = run.catch(() => undefined);
    await run;
  }
}
