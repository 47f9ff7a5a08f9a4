import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { runIndexBench } from "./index.bench.js";
import { runEmbeddingBench } from "./embedding.bench.js";
import { runAnswersBench } from "./answers.bench.js";
import { runSuggestionsBench } from "./suggestions.bench.js";
import { runSoakBench } from "./soak.bench.js";
import { runLoadBench } from "./load.bench.js";
import { runGaps } from "./gaps.js";
import { runScaleBench } from "./scale.bench.js";
import { runScaleOutBench } from "./scaleout.bench.js";

type Part = (ctx: BenchContext) => Promise<BenchResult | undefined>;

/**
 * Every part at small sizes (the context's smoke plan: 10 intents, a few hundred tickets, 1–5 s runs),
 * so CI proves the harness still runs end to end. The figures are not benchmarks. Soak runs before
 * load because it needs the smaller "history" stage of the shared dataset service.
 */
const PARTS: Array<[string, Part]> = [
  ["index", runIndexBench],
  ["embedding", runEmbeddingBench],
  // With the partly linked history variant too, which the default set leaves out.
  ["answers", (ctx) => runAnswersBench(ctx, ctx.options.historyLinks ?? 0.9)],
  ["suggestions", runSuggestionsBench],
  ["soak", runSoakBench],
  ["load", runLoadBench],
  ["gaps", runGaps],
  ["scale", runScaleBench],
  ["scaleout", runScaleOutBench],
];

export async function runSmoke(ctx: BenchContext): Promise<BenchResult> {
  const parts: Record<string, unknown> = {};
  const failed: string[] = [];
  for (const [name, run] of PARTS) {
    const start = performance.now();
    ctx.log(`\n-- smoke: ${name} --`);
    try {
      const result = await run(ctx);
      parts[name] = result ? { seconds: Math.round((performance.now() - start) / 100) / 10, figures: result.figures, targets: result.targets } : { skipped: true };
    } catch (error) {
      failed.push(name);
      parts[name] = { error: (error as Error).message };
      ctx.log(`  smoke ${name} FAILED: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`smoke parts failed: ${failed.join(", ")}`);
  return { name: "smoke", figures: parts, notes: ["small sizes: proves the harness runs, the figures are not benchmarks"] };
}
