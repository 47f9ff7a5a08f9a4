/**
 * One HNSW configuration measured in its own process (spawned by bench/index.bench.ts), so its memory
 * figure is this index alone and nothing built before it lingers. Builds the service's own HnswIndex
 * over the same seeded vectors as the parent, then answers the parent's queries at each ef.
 * Input: a JSON job file path (argv[2]); output: one JSON line on stdout.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { HnswIndex } from "../../src/adapters/index/hnsw-index.js";
import { clusteredVectors, row, type VectorSet } from "./vectors.js";
import { summarise } from "./stats.js";

export interface ChildJob {
  n: number;
  queries: number;
  dim: number;
  seed: number;
  m: number;
  efConstruction: number;
  efs: number[];
  k: number;
  /** Exact top-k per query, flattened (queries × k), written by the parent. */
  truthFile: string;
  /** Real vectors instead of synthetic ones: n base rows then the query rows, float32, written by the parent. */
  vectorsFile?: string;
}

export interface EfResult {
  ef: number;
  recall: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface ChildResult {
  buildSeconds: number;
  insertsPerSecond: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  graphFileMb: number;
  keyMapFileMb: number;
  perEf: EfResult[];
  /** hnswlib's searchKnn called directly (no key map, no filter callback), at the service's default ef. */
  rawHnswlib: EfResult;
}

/** The service keeps its hnswlib object private; the bench reaches in only for the raw hnswlib pass. */
interface HnswlibHandle {
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { neighbors: number[] };
}

async function readVectors(job: ChildJob): Promise<{ base: VectorSet; queries: VectorSet }> {
  const all = new Float32Array((await readFile(job.vectorsFile!)).buffer.slice(0));
  const split = job.n * job.dim;
  return { base: { dim: job.dim, count: job.n, data: all.subarray(0, split) }, queries: { dim: job.dim, count: job.queries, data: all.subarray(split) } };
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 ** 2);

async function main(): Promise<void> {
  const job = JSON.parse(await readFile(process.argv[2]!, "utf8")) as ChildJob;
  const truth = new Int32Array((await readFile(job.truthFile)).buffer.slice(0));
  const { base, queries } = job.vectorsFile ? await readVectors(job) : clusteredVectors(job.n, job.queries, job.dim, job.seed);
  global.gc?.();
  const rssBeforeMb = rssMb();

  // The sweep's ef reaches the service's search through the index's own floor, so each ef is measured
  // as listed (no size-aware floor on top of it).
  let sweepEf = 64;
  const index = new HnswIndex<null>(job.dim, { m: job.m, efConstruction: job.efConstruction, ef: 1, efFloor: () => sweepEf });
  const start = performance.now();
  for (let i = 0; i < job.n; i++) index.upsert(String(i), row(base, i), null);
  const buildSeconds = (performance.now() - start) / 1000;
  const rssAfterMb = rssMb();
  const handle = (index as unknown as { index: HnswlibHandle }).index;

  const recallOf = (q: number, found: number[]) => {
    const exact = new Set(truth.subarray(q * job.k, (q + 1) * job.k));
    return found.filter((id) => exact.has(id)).length / job.k;
  };
  const measure = (ef: number, search: (q: number) => number[]): EfResult => {
    sweepEf = ef;
    // For the raw hnswlib pass, which bypasses the service's search.
    handle.setEf(ef);
    // Collect the build's garbage now rather than inside the timed queries.
    global.gc?.();
    const latencies: number[] = [];
    let recall = 0;
    for (let q = 0; q < queries.count; q++) {
      const t = performance.now();
      const found = search(q);
      latencies.push(performance.now() - t);
      recall += recallOf(q, found);
    }
    const s = summarise(latencies);
    return { ef, recall: Math.round((recall / queries.count) * 10000) / 10000, p50Ms: s.p50, p99Ms: s.p99, meanMs: s.mean };
  };
  const viaService = (q: number) => index.search(row(queries, q), job.k).map((hit) => Number(hit.key));
  // One untimed pass warms caches and JIT, so the first ef measured is not penalised.
  measure(64, viaService);
  const perEf = job.efs.map((ef) => measure(ef, viaService));
  const rawHnswlib = measure(64, (q) => handle.searchKnn(Array.from(row(queries, q)), job.k).neighbors);

  const dir = await mkdtemp(path.join(tmpdir(), "hnsw-bench-"));
  await index.save(path.join(dir, "index.hnsw"));
  const graphFileMb = (await stat(path.join(dir, "index.hnsw"))).size / 1024 ** 2;
  const keyMapFileMb = (await stat(path.join(dir, "index.hnsw.json"))).size / 1024 ** 2;
  await rm(dir, { recursive: true, force: true });

  const result: ChildResult = {
    buildSeconds: Math.round(buildSeconds * 100) / 100,
    insertsPerSecond: Math.round(job.n / buildSeconds),
    rssBeforeMb,
    rssAfterMb,
    graphFileMb: Math.round(graphFileMb * 10) / 10,
    keyMapFileMb: Math.round(keyMapFileMb * 10) / 10,
    perEf,
    rawHnswlib,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
