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
 * Owns the live KnowledgeIndex of a process. Writers call `changed()` after a job step; the index is
 * then saved within `saveIntervalMs` (or at once with `flush()`). Readers in other processes call
 * `reloadIfNewer()` when told that a newer version was saved.
 */
export class IndexHolder {
  private live!: KnowledgeIndex;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();
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

  async reloadIfNewer(): Promise<boolean> {
    const version = await readCurrentVersion(this.rootDir);
    if (version <= this.live.version) return false;
    const { index, outcome } = await KnowledgeIndex.load(this.rootDir, this.options.modelId, this.options.dimensions, this.options.params);
    if (outcome !== "loaded") return false;
    this.live = index;
    this.options.logger.info({ version }, "index reloaded");
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
    }, this.options.saveIntervalMs);
  }

  /** Saves now if anything changed; saves never overlap. */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const run = this.saving.then(async () => {
      if (!this.live.dirty) return;
      const version = await this.live.save(this.rootDir);
      for (const listener of this.listeners) listener(version);
    });
    this.saving = run.catch(() => undefined);
    await run;
  }
}
