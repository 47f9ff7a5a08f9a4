import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import type { ChildJob, ChildResult } from "./lib/hnsw-child.js";
import { clusteredVectors, exactTopK, row, similarityProfile, type VectorSet } from "./lib/vectors.js";
import { round, summarise } from "./lib/stats.js";
import { printTable, type Cell } from "./lib/table.js";
import { repoRoot } from "./lib/machine.js";
import { loadBanking77, datasetMissingMessage } from "./lib/dataset.js";
import { LocalUseEmbeddings } from "../src/adapters/embeddings/local-use.embeddings.js";

/** The service's defaults (src/config/env.ts): what the sweep has to justify or replace. */
const DEFAULT = { m: 16, efConstruction: 200, ef: 64 };
const K = 10;
const DIM = 512;
/**
 * Recall asked of the vector index. Query time is well under a millisecond in every setting tried,
 * against ~15–25 ms to embed the question, so there is no reason to accept lost neighbours.
 */
const RECALL_GOAL = 0.99;

interface SizePlan {
  n: number;
  queries: number;
  configs: Array<{ m: number; efConstruction: number }>;
  efs: number[];
  label?: string;
}

/** index-1m.json for the million-vector run, index-300k.json for `--vectors 300000`, and so on. */
const largeRunName = (vectors: number): string => (vectors % 1_000_000 === 0 ? `index-${vectors / 1_000_000}m` : `index-${Math.round(vectors / 1_000)}k`);

function plans(ctx: BenchContext): SizePlan[] {
  if (ctx.smoke) return [{ n: 1_000, queries: 100, configs: [{ m: 16, efConstruction: 200 }], efs: [16, 64] }];
  if (ctx.options.million) return [{ n: ctx.options.vectors, queries: 200, configs: [{ m: 16, efConstruction: 200 }], efs: [32, 64, 128, 256] }];
  if (ctx.options.full) {
    const efs = [10, 16, 32, 64, 128, 256];
    return [
      { n: 10_000, queries: 1_000, configs: [{ m: 8, efConstruction: 100 }, { m: 16, efConstruction: 100 }, { m: 16, efConstruction: 200 }, { m: 32, efConstruction: 200 }], efs },
      // At 100k only the default is built (about two minutes here); the 10k sweep compares M and efConstruction.
      { n: 100_000, queries: 500, configs: [{ m: 16, efConstruction: 200 }], efs },
    ];
  }
  // The default run checks the defaults and the one alternative worth watching (efConstruction 100
  // builds in half the time); `--full` adds M=8 and M=32, ef 10 and 256 and more queries. 200 queries
  // at 100k are 2,000 true neighbours: recall near 0.999 is then known to about ±0.001.
  const efs = [16, 32, 64, 128];
  return [
    { n: 10_000, queries: 500, configs: [{ m: 16, efConstruction: 100 }, { m: 16, efConstruction: 200 }], efs },
    { n: 100_000, queries: 200, configs: [{ m: 16, efConstruction: 200 }], efs },
  ];
}

async function runChild(job: ChildJob, dir: string): Promise<ChildResult> {
  const jobFile = path.join(dir, `job-${job.m}-${job.efConstruction}.json`);
  await writeFile(jobFile, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", path.join(repoRoot, "bench/lib/hnsw-child.ts"), jobFile], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`index child exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** Exact search over every query: the ground truth and the brute-force baseline's latency in one pass. */
function bruteForce(base: VectorSet, queries: VectorSet): { truth: Int32Array; latency: ReturnType<typeof summarise> } {
  const truth = new Int32Array(queries.count * K);
  const latencies: number[] = [];
  for (let q = 0; q < queries.count; q++) {
    const t = performance.now();
    truth.set(exactTopK(base, row(queries, q), K), q * K);
    latencies.push(performance.now() - t);
  }
  return { truth, latency: summarise(latencies) };
}

/** Real USE vectors of BANKING77 (train as the index, test as queries), embedded here with the service's embedder. */
async function realVectors(ctx: BenchContext): Promise<{ base: VectorSet; queries: VectorSet } | undefined> {
  const missing = datasetMissingMessage();
  if (missing) {
    ctx.log(missing);
    return undefined;
  }
  const data = loadBanking77();
  const embedder = new LocalUseEmbeddings({ threads: 2, batchSize: 16 });
  await embedder.warmUp();
  ctx.log(`  embedding ${data.train.length + data.test.length} BANKING77 questions for the real-vector run…`);
  const flat = async (texts: string[]) => {
    const vectors = await embedder.embedVectors(texts);
    const out = new Float32Array(vectors.length * DIM);
    vectors.forEach((v, i) => out.set(v, i * DIM));
    return out;
  };
  const base = await flat(data.train.map((e) => e.text));
  const queries = await flat(data.test.map((e) => e.text));
  await embedder.close();
  return { base: { dim: DIM, count: data.train.length, data: base }, queries: { dim: DIM, count: data.test.length, data: queries } };
}

export async function runIndexBench(ctx: BenchContext): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "index-bench-"));
  const sizes: Array<Record<string, unknown>> = [];
  const rows: Cell[][] = [];
  const recommendations: string[] = [];
  try {
    const runs: Array<SizePlan & { real?: { base: VectorSet; queries: VectorSet } }> = plans(ctx);
    if (ctx.options.real && !ctx.smoke) {
      const real = await realVectors(ctx);
      if (real) runs.unshift({ n: real.base.count, queries: real.queries.count, configs: [{ m: 16, efConstruction: 200 }, { m: 8, efConstruction: 100 }], efs: [10, 16, 32, 64, 128], label: "BANKING77 USE vectors", real });
    }
    for (const plan of runs) {
      const label = plan.label ?? "synthetic clustered";
      ctx.log(`  ${plan.n.toLocaleString("en-US")} vectors (${label}): exact search for ${plan.queries} queries…`);
      const { base, queries } = plan.real ?? clusteredVectors(plan.n, plan.queries, DIM, 7);
      const profile = similarityProfile(base, Math.min(2_500, plan.n));
      const exact = bruteForce(base, queries);
      const truthFile = path.join(dir, `truth-${plan.n}.bin`);
      await writeFile(truthFile, Buffer.from(exact.truth.buffer));
      let vectorsFile: string | undefined;
      if (plan.real) {
        vectorsFile = path.join(dir, "real.bin");
        const both = new Float32Array(base.data.length + queries.data.length);
        both.set(base.data);
        both.set(queries.data, base.data.length);
        await writeFile(vectorsFile, Buffer.from(both.buffer));
      }
      rows.push([`${plan.n.toLocaleString("en-US")} ${label}`, "exact (brute force)", "–", "1", exact.latency.p50, exact.latency.p99, 1, "–", "–"]);
      const configs: Array<Record<string, unknown>> = [];
      for (const config of plan.configs) {
        ctx.log(`  building M=${config.m} efConstruction=${config.efConstruction} over ${plan.n.toLocaleString("en-US")} vectors…`);
        const result = await runChild({ n: plan.n, queries: plan.queries, dim: DIM, seed: 7, k: K, efs: plan.efs, truthFile, vectorsFile, ...config }, dir);
        const memoryMb = result.rssAfterMb - result.rssBeforeMb;
        for (const ef of result.perEf) {
          const isDefault = config.m === DEFAULT.m && config.efConstruction === DEFAULT.efConstruction && ef.ef === DEFAULT.ef;
          rows.push(["", `M=${config.m} efC=${config.efConstruction} ef=${ef.ef}${isDefault ? " (default)" : ""}`, result.buildSeconds, ef.recall.toFixed(4), ef.p50Ms, ef.p99Ms, round(exact.latency.p50 / ef.p50Ms, 0), memoryMb, result.graphFileMb]);
        }
        rows.push(["", `  same, raw hnswlib ef=64 (no key map/filter)`, "", result.rawHnswlib.recall.toFixed(4), result.rawHnswlib.p50Ms, result.rawHnswlib.p99Ms, round(exact.latency.p50 / result.rawHnswlib.p50Ms, 0), "", ""]);
        configs.push({ ...config, ...result, memoryMb, speedUpAtEf: Object.fromEntries(result.perEf.map((e) => [e.ef, round(exact.latency.p50 / e.p50Ms, 1)])) });
      }
      // Per build setting, the smallest ef that reaches the recall goal, and what that query costs.
      for (const c of configs) {
        const perEf = c.perEf as ChildResult["perEf"];
        const enough = perEf.find((e) => e.recall >= RECALL_GOAL);
        recommendations.push(
          `${plan.n.toLocaleString("en-US")} (${label}), M=${c.m} efC=${c.efConstruction} (build ${c.buildSeconds} s): ` +
            (enough ? `ef=${enough.ef} is the smallest with recall@10 ≥ ${RECALL_GOAL} (${enough.recall}, p50 ${enough.p50Ms} ms)` : `no ef tried reaches recall@10 ≥ ${RECALL_GOAL}`) +
            `; ef=${DEFAULT.ef} gives ${perEf.find((e) => e.ef === DEFAULT.ef)?.recall ?? "–"}`,
        );
      }
      sizes.push({ n: plan.n, vectors: label, dimensions: DIM, queries: plan.queries, k: K, similarityProfile: profile, exact: exact.latency, configs });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  printTable("HNSW vs exact search (recall@10 against brute force, single thread)", ["vectors", "setting", "build s", "recall@10", "p50 ms", "p99 ms", "speed-up", "RSS +MB", "graph MB"], rows);
  for (const line of recommendations) ctx.log(`  ${line}`);
  return {
    name: ctx.smoke ? "smoke-index" : ctx.options.million ? largeRunName(ctx.options.vectors) : "index",
    figures: { default: DEFAULT, recallGoal: RECALL_GOAL, sizes },
    notes: [
      "speed-up = exact search p50 / HNSW p50 (both single-threaded, in one process, same queries)",
      "RSS +MB = resident memory added by building the index (graph + vectors + the service's key map), in a fresh process per setting",
      ...recommendations,
    ],
  };
}
