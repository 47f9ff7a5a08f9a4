/**
 * `npm run bench [-- <part> ...]`: runs the benchmarks against the service started as a user starts it,
 * prints a table per part and writes bench/results/<part>.json. See bench/README.md.
 */
import { parseArgs, type BenchOptions, type Command } from "./lib/args.js";
import { BenchContext } from "./lib/context.js";
import { describeMachine, loadAvg, machineInfo } from "./lib/machine.js";
import { writeResult, type BenchResult } from "./lib/results.js";
import { useDatasetDir } from "./lib/dataset.js";
import { runIndexBench } from "./index.bench.js";
import { runEmbeddingBench } from "./embedding.bench.js";
import { runAnswersBench } from "./answers.bench.js";
import { runSuggestionsBench } from "./suggestions.bench.js";
import { runLoadBench } from "./load.bench.js";
import { runGaps } from "./gaps.js";
import { runScaleBench } from "./scale.bench.js";
import { runScaleOutBench } from "./scaleout.bench.js";
import { runSoakBench } from "./soak.bench.js";
import { runSmoke } from "./smoke.bench.js";

type Bench = (ctx: BenchContext) => Promise<BenchResult | BenchResult[] | undefined>;

const BENCHES: Record<Command, Bench> = {
  index: runIndexBench,
  embedding: runEmbeddingBench,
  answers: runAnswersBench,
  suggestions: runSuggestionsBench,
  load: runLoadBench,
  gaps: runGaps,
  scale: runScaleBench,
  scaleout: runScaleOutBench,
  soak: runSoakBench,
  smoke: runSmoke,
};

async function main(options: BenchOptions): Promise<number> {
  if (options.datasetDir) useDatasetDir(options.datasetDir);
  const machine = machineInfo();
  const ctx = new BenchContext(options, machine);
  process.stdout.write(`helpdesk-copilot bench: ${options.commands.join(", ")}\n${describeMachine(machine)}\n`);
  let failures = 0;
  const stopOnSignal = () => void ctx.close().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    for (const command of options.commands) {
      const bench = BENCHES[command];
      const startedAt = Date.now();
      const loadAvgAtPartStart = loadAvg();
      process.stdout.write(`\n== ${command} ==\n`);
      try {
        const outcome = await bench(ctx);
        for (const result of outcome === undefined ? [] : Array.isArray(outcome) ? outcome : [outcome]) {
          const file = await writeResult(options.resultsDir, result, { machine, startedAt, loadAvgAtPartStart, options });
          process.stdout.write(`  wrote ${file}\n`);
        }
      } catch (error) {
        failures++;
        process.stdout.write(`  ${command} FAILED: ${(error as Error).stack ?? String(error)}\n`);
        ctx.diagnose();
      }
      process.stdout.write(`  ${command} took ${((Date.now() - startedAt) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    await ctx.close();
  }
  return failures;
}

let options: BenchOptions;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const failures = await main(options);
process.exit(failures > 0 ? 1 : 0);
