import path from "node:path";
import { repoRoot } from "./machine.js";

export const ALL_COMMANDS = ["index", "embedding", "answers", "suggestions", "load", "gaps", "scale", "scaleout", "soak", "smoke"] as const;
export type Command = (typeof ALL_COMMANDS)[number];

/**
 * What `npm run bench` runs without arguments. Soak (10 minutes by design), the 1M index, the 100k
 * ingestion (`scale`: ~5 minutes of embedding on 2 cores) and the scaled-mode run (`scaleout`: needs
 * Redis) are asked for by name.
 */
export const DEFAULT_COMMANDS: Command[] = ["index", "embedding", "answers", "suggestions", "load", "gaps"];

export interface BenchOptions {
  commands: Command[];
  /** index: the 1M-vector run instead of 10k/100k. */
  million: boolean;
  /** index: also measure recall on real USE vectors of BANKING77 (embeds ~13k texts first). */
  real: boolean;
  /**
   * The long form: index sweeps every M / efConstruction / ef setting with more queries; answers asks
   * every test question in both variants. Without it the default set fits in 15 minutes (bench/README.md).
   */
  full: boolean;
  /** soak: minutes of mixed traffic. */
  minutes: number;
  /** load: seconds per endpoint and concurrency. */
  duration: number;
  /** scale: tickets to ingest. */
  tickets: number;
  /** index --million: how many vectors the large run builds (default 1,000,000). */
  vectors: number;
  resultsDir: string;
  /** BANKING77's folder (default ../shared/datasets/banking77). */
  datasetDir?: string;
  /** Keep the services' temporary DATA_DIRs and logs for inspection. */
  keep: boolean;
  /**
   * answers: also measure with history whose links agents left out on a seeded share of the tickets
   * (the share kept, e.g. 0.9), on a service of its own.
   */
  historyLinks?: number;
}

const USAGE = `usage: npm run bench -- [${ALL_COMMANDS.join("|")} ...] [--million] [--real] [--full] [--minutes N] [--duration S] [--tickets N] [--vectors N] [--results-dir DIR] [--dataset-dir DIR] [--keep] [--history-links F]`;

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { commands: [], million: false, real: false, full: false, minutes: 10, duration: 10, tickets: 100_000, vectors: 1_000_000, resultsDir: path.join(repoRoot, "bench/results"), keep: false };
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (value === undefined || !Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--million") options.million = true;
    else if (arg === "--real") options.real = true;
    else if (arg === "--full") options.full = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--minutes") options.minutes = number(arg, argv[++i]);
    else if (arg === "--duration") options.duration = number(arg, argv[++i]);
    else if (arg === "--tickets") options.tickets = Math.round(number(arg, argv[++i]));
    else if (arg === "--vectors") options.vectors = Math.round(number(arg, argv[++i]));
    else if (arg === "--history-links") options.historyLinks = Math.min(1, number(arg, argv[++i]));
    else if (arg === "--results-dir") options.resultsDir = path.resolve(argv[++i] ?? "");
    else if (arg === "--dataset-dir") options.datasetDir = path.resolve(argv[++i] ?? "");
    else if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    else if ((ALL_COMMANDS as readonly string[]).includes(arg)) options.commands.push(arg as Command);
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (options.commands.length === 0) options.commands = [...DEFAULT_COMMANDS];
  // One canonical order: answers, suggestions and load then share one growing dataset service.
  options.commands = ALL_COMMANDS.filter((command) => options.commands.includes(command));
  return options;
}
