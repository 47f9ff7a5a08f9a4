/**
 * What a process does around an index write. Embedded mode: nothing before, a debounced save after.
 * A worker process: reload any newer version another worker saved, then save at once and announce it.
 */
export interface IndexWriteHooks {
  beforeWrite(): Promise<void>;
  afterWrite(): Promise<void>;
}
