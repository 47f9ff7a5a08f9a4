import type { KnowledgeKind } from "../../ingest/knowledge.schema.js";

/** The ids of one kind a job synced with the store. */
export interface IndexWrite {
  kind: KnowledgeKind;
  ids: readonly string[];
  /** The job synced everything that differed from the store: the index now matches it as a whole. */
  wholeStore?: boolean;
}

/**
 * What a process does around an index write. Embedded mode: nothing before, a debounced save after.
 * A worker process: catch up with what other workers wrote, then record the write in the shared
 * change log, announce it, and save the whole index only now and then (IndexHolder.record).
 */
export interface IndexWriteHooks {
  beforeWrite(): Promise<void>;
  afterWrite(writes: readonly IndexWrite[]): Promise<void>;
}
