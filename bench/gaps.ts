import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { getDatasetDir } from "./lib/dataset.js";
import { repoRoot } from "./lib/machine.js";
import { printTable, type Cell } from "./lib/table.js";

type RunGapsBench = (options: { datasetDir: string; scaleTickets?: number; baseUrl?: string }) => Promise<Record<string, unknown>>;

/**
 * The gaps part is written separately (bench/gaps.bench.ts, exporting runGapsBench). It is imported
 * by path at run time so that this harness builds and runs before that file exists.
 */
export async function runGaps(ctx: BenchContext): Promise<BenchResult | undefined> {
  const file = path.join(repoRoot, "bench/gaps.bench.ts");
  if (!existsSync(file)) {
    ctx.log("  gaps bench not available yet (bench/gaps.bench.ts is missing)");
    return undefined;
  }
  if (!ctx.plan()) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { runGapsBench?: RunGapsBench };
  if (typeof module.runGapsBench !== "function") throw new Error("bench/gaps.bench.ts does not export runGapsBench");
  if (ctx.smoke) {
    // Its run ingests all 3,080 test questions (one to three minutes here): beyond the smoke budget.
    ctx.log("  gaps: bench/gaps.bench.ts loads and exports runGapsBench; its run has no small size, so smoke stops here (run `npm run bench -- gaps`)");
    return { name: "smoke-gaps", figures: { loaded: true, ran: false } };
  }
  // The 100,000-ticket timing run writes 100k synthetic tickets first (~3 minutes with the run): it
  // belongs to `--full` (or `npx tsx bench/gaps.bench.ts`), not to the 15-minute default set.
  const figures = await module.runGapsBench({ datasetDir: getDatasetDir(), scaleTickets: ctx.options.full ? ctx.options.tickets : 0 });
  if (!ctx.options.full) ctx.log("  gaps: the 100,000-ticket timing run is skipped in the default set (add --full)");
  const scalars = Object.entries(figures).filter(([, v]) => ["number", "string", "boolean"].includes(typeof v));
  if (scalars.length) printTable("Knowledge gaps (bench/gaps.bench.ts)", ["figure", "value"], scalars.map(([k, v]): Cell[] => [k, v as Cell]));
  return { name: ctx.smoke ? "smoke-gaps" : "gaps", figures };
}
