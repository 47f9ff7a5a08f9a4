import hnswlib from "hnswlib-node";
import { promises as fs } from "node:fs";

const { HierarchicalNSW } = hnswlib;

export interface HnswParams {
  m: number;
  efConstruction: number;
  /** The query-time candidate list size; a search of a large index may use more (efFloor). */
  ef: number;
  /** The least ef a search of an index of `size` vectors uses (default efForSize; the index bench's ef sweep turns it off). */
  efFloor?: (size: number) => number;
}

/**
 * The least ef that keeps recall@10 near 0.99 as the index grows, from `npm run bench -- index` on
 * synthetic clustered 512-d vectors (M=16, efConstruction 200; bench/README.md). recall@10 at ef 64 /
 * 128 / 256: 1.000 at 100k; 0.985 / 0.995 / 1.000 at 300k (`--million --vectors 300000`); 0.833 / 0.933
 * / 0.988 at a million (`--million`). So past 100k the floor quadruples with every tenfold growth: 64 at
 * 100k, 125 at 300k, 256 at a million. A search at ef 256 costs about a millisecond (p50 1.08 ms at a
 * million), small beside the model's ~8 ms per question.
 */
export function efForSize(size: number): number {
  return size <= 100_000 ? 0 : Math.round(64 * 4 ** Math.log10(size / 100_000));
}

export interface VectorHit<M> {
  key: string;
  score: number;
  meta: M;
}

interface Entry<M> {
  label: number;
  meta: M;
}

interface SavedState<M> {
  dimensions: number;
  nextLabel: number;
  capacity: number;
  entries: Array<[string, Entry<M>]>;
}

const INITIAL_CAPACITY = 1024;

/**
 * Cosine HNSW index keyed by string ids, with metadata per entry for filtering. hnswlib speaks integer
 * labels, so this keeps the key <-> label map; deletes are markDelete and their slots are reused
 * (allowReplaceDeleted) so the graph does not grow with churn.
 */
export class HnswIndex<M> {
  private index: InstanceType<typeof HierarchicalNSW>;
  private readonly byKey = new Map<string, Entry<M>>();
  private readonly keyByLabel = new Map<number, string>();
  private nextLabel = 0;
  private capacity = INITIAL_CAPACITY;

  constructor(
    readonly dimensions: number,
    private readonly params: HnswParams,
  ) {
    this.index = this.createEmpty(this.capacity);
  }

  /** The ef the next search uses: the configured one, or more for a large index (efForSize). */
  get searchEf(): number {
    return Math.max(this.params.ef, (this.params.efFloor ?? efForSize)(this.byKey.size));
  }

  private createEmpty(capacity: number): InstanceType<typeof HierarchicalNSW> {
    const index = new HierarchicalNSW("cosine", this.dimensions);
    index.initIndex({ maxElements: capacity, m: this.params.m, efConstruction: this.params.efConstruction, randomSeed: 42, allowReplaceDeleted: true });
    return index;
  }

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  getMeta(key: string): M | undefined {
    return this.byKey.get(key)?.meta;
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  upsert(key: string, vector: Float32Array, meta: M): void {
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, index has ${this.dimensions}`);
    const point = Array.from(vector);
    const existing = this.byKey.get(key);
    if (existing) {
      this.index.addPoint(point, existing.label);
      existing.meta = meta;
      return;
    }
    const hasFreeSlot = this.index.getCurrentCount() > this.byKey.size;
    if (!hasFreeSlot && this.index.getCurrentCount() >= this.capacity) {
      // hnswlib reloads a saved empty graph with room for no element: doubling 0 would stay 0.
      this.capacity = Math.max(this.capacity * 2, INITIAL_CAPACITY);
      this.index.resizeIndex(this.capacity);
    }
    const label = this.nextLabel++;
    this.index.addPoint(point, label, hasFreeSlot);
    this.byKey.set(key, { label, meta });
    this.keyByLabel.set(label, key);
  }

  remove(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    this.index.markDelete(entry.label);
    this.byKey.delete(key);
    this.keyByLabel.delete(entry.label);
    return true;
  }

  /**
   * The k nearest entries that `accept` lets through. hnswlib calls a filter back into JavaScript for
   * every node it visits, which costs more than the search itself; most filters here pass nearly
   * everything (solved tickets, one brand), so the unfiltered neighbours are fetched first (twice as
   * many, so a few rejects do not shorten the list) and filtered here. Only when too few pass does the
   * search run again with the filter inside hnswlib, which finds matches however rare they are.
   */
  search(vector: Float32Array, k: number, accept?: (meta: M, key: string) => boolean): VectorHit<M>[] {
    const wanted = Math.min(k, this.byKey.size);
    if (wanted <= 0) return [];
    const query = Array.from(vector);
    // Set on every search rather than tracked: it depends on the size, and the call is a field write.
    this.index.setEf(this.searchEf);
    const fetched = Math.min(accept ? wanted * 2 : wanted, this.byKey.size);
    const hits = this.collect(this.index.searchKnn(query, fetched), wanted, accept);
    // Fewer than wanted after filtering, while more entries exist: the filter is selective.
    if (!accept || hits.length >= wanted || fetched >= this.byKey.size) return hits;
    const filter = (label: number): boolean => {
      const key = this.keyByLabel.get(label);
      return key !== undefined && accept(this.byKey.get(key)!.meta, key);
    };
    return this.collect(this.index.searchKnn(query, wanted, filter), wanted, accept);
  }

  private collect(result: { neighbors: number[]; distances: number[] }, wanted: number, accept?: (meta: M, key: string) => boolean): VectorHit<M>[] {
    const hits: VectorHit<M>[] = [];
    for (let i = 0; i < result.neighbors.length && hits.length < wanted; i++) {
      const key = this.keyByLabel.get(result.neighbors[i]!);
      if (key === undefined) continue;
      const meta = this.byKey.get(key)!.meta;
      if (accept && !accept(meta, key)) continue;
      hits.push({ key, score: 1 - (result.distances[i] ?? 1), meta });
    }
    return hits;
  }

  /** Writes `<file>` (graph) and `<file>.json` (keys, metadata); the caller makes the folder switch atomic. */
  async save(file: string): Promise<void> {
    // Synchronous on purpose: the async writer runs on a libuv thread while jobs may add points on the
    // main thread, and hnswlib's graph is not safe to mutate during a write.
    this.index.writeIndexSync(file);
    const state: SavedState<M> = { dimensions: this.dimensions, nextLabel: this.nextLabel, capacity: this.capacity, entries: [...this.byKey] };
    await fs.writeFile(`${file}.json`, JSON.stringify(state));
  }

  static async load<M>(file: string, params: HnswParams): Promise<HnswIndex<M>> {
    const state = JSON.parse(await fs.readFile(`${file}.json`, "utf8")) as SavedState<M>;
    const loaded = new HnswIndex<M>(state.dimensions, params);
    const index = new HierarchicalNSW("cosine", state.dimensions);
    await index.readIndex(file, true);
    loaded.index = index;
    loaded.capacity = index.getMaxElements();
    loaded.nextLabel = state.nextLabel;
    for (const [key, entry] of state.entries) {
      loaded.byKey.set(key, entry);
      loaded.keyByLabel.set(entry.label, key);
    }
    // A key map that names labels the graph lacks means the two files are from different saves.
    const labelsInGraph = new Set(index.getIdsList());
    for (const label of loaded.keyByLabel.keys()) {
      if (!labelsInGraph.has(label)) throw new Error(`index key map names label ${label}, which the graph file lacks`);
    }
    return loaded;
  }
}
