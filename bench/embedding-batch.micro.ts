/**
 * Microbenchmark of the embedding model's cost by call size (src/adapters/embeddings/worker-pool.ts),
 * in-process, on BANKING77 test questions: single questions, and mixed-length texts of one to four
 * questions (as tickets and article chunks vary), each cut into calls of every batch size, in input
 * order and sorted by length. Every round runs every variant on fresh texts, so slow spells of a
 * shared machine fall on all variants alike; the table shows the median round and its range.
 *
 *   npx tsx bench/embedding-batch.micro.ts [--threads 2] [--sizes 1,2,4,8,16] [--rounds 8]
 */
import { loadavg } from "node:os";
import { EmbeddingWorkerPool, lengthSortedBatches } from "../src/adapters/embeddings/worker-pool.js";
import { loadBanking77 } from "./lib/dataset.js";
import { round } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const threads = Number(flag("--threads", "2"));
const sizes = flag("--sizes", "1,2,4,8,16").split(",").map(Number);
const rounds = Number(flag("--rounds", "8"));
const TEXTS_PER_RUN = 256;

const questions = loadBanking77().test.map((e) => e.text);
let cursor = 0;
const texts = {
  question: () => questions[cursor++ % questions.length]!,
  mixed: () => {
    const parts = 1 + (cursor % 4);
    const text = Array.from({ length: parts }, (_, j) => questions[(cursor * 31 + j * 17) % questions.length]).join(" ");
    cursor++;
    return text;
  },
};

// One pool with room for the largest call; the batches are cut here, as the service's pool cuts them.
const pool = new EmbeddingWorkerPool({ threads, batchSize: Math.max(...sizes) });
await pool.warmUp();
for (let i = 0; i < 10; i++) await pool.embed(Array.from({ length: 16 }, texts.mixed));

async function textsPerSecond(list: string[], batches: number[][]): Promise<number> {
  let next = 0;
  const started = performance.now();
  // One caller per thread keeps every worker busy, as bulk indexing does.
  await Promise.all(
    Array.from({ length: threads }, async () => {
      while (next < batches.length) await pool.embed(batches[next++]!.map((i) => list[i]!));
    }),
  );
  return (1000 * list.length) / (performance.now() - started);
}

const inOrder = (count: number, size: number) =>
  Array.from({ length: Math.ceil(count / size) }, (_, b) => Array.from({ length: Math.min(size, count - b * size) }, (_, j) => b * size + j));

const rates = new Map<string, number[]>();
const loadAtStart = loadavg()[0]!;
for (let r = 0; r < rounds; r++) {
  for (const [kind, make] of Object.entries(texts)) {
    const list = Array.from({ length: TEXTS_PER_RUN }, make);
    for (const size of sizes) {
      for (const sorted of [false, true]) {
        const key = `${kind}\t${size}\t${sorted ? "by length" : "in order"}`;
        const rate = await textsPerSecond(list, sorted ? lengthSortedBatches(list, size) : inOrder(list.length, size));
        rates.set(key, [...(rates.get(key) ?? []), rate]);
      }
    }
  }
}
await pool.close();

const rows = [...rates].map(([key, values]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const [kind, size, order] = key.split("\t");
  return [kind!, size!, order!, `${round(sorted[sorted.length >> 1]!, 1)}`, `${round(sorted[0]!, 1)}–${round(sorted[sorted.length - 1]!, 1)}`];
});
printTable(`Embedding cost by call size (threads ${threads}, ${rounds} rounds of ${TEXTS_PER_RUN} texts; load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`, ["texts", "batch", "batches cut", "texts/s (median)", "range"], rows);
