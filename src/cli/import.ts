import { parseArgs } from "node:util";
import { readRecords, RecordError } from "../ingest/file-records.js";
import type { KnowledgeKind } from "../ingest/knowledge.schema.js";
import { ApiError, formatApiError } from "./api-client.js";
import { runImport, type ImportSource } from "./import-runner.js";
import { barReporter, formatSummary, lineReporter } from "./progress.js";

const USAGE = `Usage: npm run import -- [--articles FILE] [--tickets FILE] [options]

Files: .json (array, or {"articles": [...]} / {"tickets": [...]}), .jsonl/.ndjson, .csv (header row).
Every record is validated before anything is sent.

Options:
  --url URL        service base URL (default: $HELPDESK_URL or http://127.0.0.1:3000)
  --api-key KEY    bearer key (default: $HELPDESK_API_KEY)
  --batch N        records per bulk request (default: 500)
  --dry-run        validate only, send nothing
  -h, --help       show this help

Exit codes: 0 done, 1 invalid record / HTTP error / failed job, 2 bad arguments.`;

class UsageError extends Error {}

// eslint-disable-next-line no-restricted-syntax -- src/config/env.ts validates the *server's* settings; this client only needs its target, and a key in the environment stays out of shell history and `ps`.
const { HELPDESK_URL, HELPDESK_API_KEY } = process.env;

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      articles: { type: "string" },
      tickets: { type: "string" },
      url: { type: "string", default: HELPDESK_URL || "http://127.0.0.1:3000" },
      "api-key": { type: "string" },
      batch: { type: "string", default: "500" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  const files: [KnowledgeKind, string][] = [];
  if (values.articles) files.push(["article", values.articles]);
  if (values.tickets) files.push(["ticket", values.tickets]);
  if (files.length === 0) throw new UsageError("give --articles FILE, --tickets FILE or both");
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new UsageError(`--batch must be a positive integer, got "${values.batch}"`);
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new UsageError(`--url is not a URL: "${values.url}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--url must be http(s): "${values.url}"`);
  return { files, batch, url: values.url, apiKey: values["api-key"] ?? (HELPDESK_API_KEY || undefined), dryRun: values["dry-run"] };
}

/** First pass: read every record so a bad one anywhere stops the run before the first request. */
async function countValid(path: string, kind: KnowledgeKind): Promise<number> {
  let count = 0;
  for await (const _ of readRecords(path, kind)) count += 1;
  return count;
}

async function* recordsOf(path: string, kind: KnowledgeKind) {
  for await (const { record } of readRecords(path, kind)) yield record;
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  const sources: ImportSource[] = [];
  for (const [kind, path] of options.files) {
    const total = await countValid(path, kind);
    console.log(`${path}: ${total.toLocaleString("en-US")} valid ${kind}s`);
    // Second pass streams the file again rather than keeping a large export in memory between passes.
    sources.push({ kind, total, records: recordsOf(path, kind) });
  }
  if (options.dryRun) {
    console.log("Dry run: nothing sent.");
    return 0;
  }

  const reporter = process.stdout.isTTY ? barReporter(process.stdout) : lineReporter((line) => console.log(line));
  const summary = await runImport(sources, {
    baseUrl: options.url,
    apiKey: options.apiKey,
    batchSize: options.batch,
    fetch: (url, init) => fetch(url, init),
    reporter,
  });
  console.log(formatSummary(summary));
  return summary.jobs.failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof RecordError) console.error(err.message);
    else if (err instanceof ApiError) console.error(formatApiError(err));
    else console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
