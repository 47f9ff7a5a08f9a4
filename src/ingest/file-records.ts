import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream";
import { CsvError, parse, type InfoRecord } from "csv-parse";
import { articleSchema, ticketSchema, type Article, type KnowledgeKind, type Ticket } from "./knowledge.schema.js";

export interface FileRecord<T> {
  /** 1-based line in the file (JSONL, CSV: the line the record starts on) or item index (JSON arrays). */
  line: number;
  record: T;
}

export interface RecordIssue {
  /** Field as the file spells it ("messages[0].author", "customer_email" in CSV); empty for the whole record. */
  field: string;
  message: string;
}

/** A record that cannot be imported. The message alone is enough for a person to find and fix it. */
export class RecordError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly issues: RecordIssue[],
    readonly unit: "line" | "item" = "line",
  ) {
    const what = issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join("; ");
    super(`${file} ${unit} ${line}: ${what}`);
    this.name = "RecordError";
  }
}

type Reader = (path: string, kind: KnowledgeKind) => AsyncIterable<FileRecord<Article | Ticket>>;

/**
 * Reads and validates every record of a .json, .jsonl/.ndjson or .csv file. JSONL and CSV are
 * streamed so a large export never sits in memory whole; an unknown extension throws right away.
 */
export function readRecords(path: string, kind: "article"): AsyncIterable<FileRecord<Article>>;
export function readRecords(path: string, kind: "ticket"): AsyncIterable<FileRecord<Ticket>>;
export function readRecords(path: string, kind: KnowledgeKind): AsyncIterable<FileRecord<Article | Ticket>>;
export function readRecords(path: string, kind: KnowledgeKind): AsyncIterable<FileRecord<Article | Ticket>> {
  const ext = extname(path).toLowerCase();
  const readers: Record<string, Reader> = { ".json": readJson, ".jsonl": readJsonl, ".ndjson": readJsonl, ".csv": readCsv };
  const reader = readers[ext];
  if (!reader) throw new Error(`${path}: unsupported file type "${ext || "(none)"}"; use .json, .jsonl, .ndjson or .csv`);
  return reader(path, kind);
}

const CSV_COLUMNS: Record<KnowledgeKind, readonly string[]> = {
  article: ["id", "title", "body", "url", "tags", "locale", "brand", "updatedAt"],
  ticket: [
    "id", "subject", "description", "status", "tags", "brand", "channel", "locale", "createdAt",
    "customer_name", "customer_email", "article_ids", "messages",
  ],
};
/** CSV is flat, the schema is not: these columns land on nested or camelCased fields (and back, for messages). */
const FIELD_BY_COLUMN: Record<string, string> = {
  customer_name: "customer.name",
  customer_email: "customer.email",
  article_ids: "articleIds",
};
const LIST_COLUMNS = new Set(["tags", "article_ids"]);

function validate(kind: KnowledgeKind, value: unknown, at: { file: string; line: number; unit?: "item"; csv?: boolean }) {
  const result = (kind === "article" ? articleSchema : ticketSchema).safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: fieldName(issue.path, at.csv), message: issue.message }));
  throw new RecordError(at.file, at.line, issues, at.unit);
}

function fieldName(path: (string | number)[], csv = false): string {
  let name = path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
  if (csv) {
    for (const [column, field] of Object.entries(FIELD_BY_COLUMN)) {
      if (name === field || name.startsWith(`${field}[`)) name = column + name.slice(field.length);
    }
  }
  return name;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function* readJson(path: string, kind: KnowledgeKind): AsyncGenerator<FileRecord<Article | Ticket>> {
  // A JSON document has no record boundaries to stream on; exports too big to parse whole belong in JSONL.
  const text = stripBom(await readFile(path, "utf8"));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // V8 reports a character offset; a line number is what an editor can jump to.
    const offset = /position (\d+)/.exec(reason(err))?.[1];
    const line = offset === undefined ? 1 : text.slice(0, Number(offset)).split("\n").length;
    throw new RecordError(path, line, [{ field: "", message: `not valid JSON (${reason(err)})` }]);
  }
  const key = kind === "article" ? "articles" : "tickets";
  const wrapped = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>)[key] : undefined;
  const items = Array.isArray(doc) ? doc : Array.isArray(wrapped) ? wrapped : undefined;
  if (!items) throw new RecordError(path, 1, [{ field: "", message: `expected a top-level array or an object like {"${key}": [...]}` }]);
  for (const [index, item] of items.entries()) {
    yield { line: index + 1, record: validate(kind, item, { file: path, line: index + 1, unit: "item" }) };
  }
}

async function* readJsonl(path: string, kind: KnowledgeKind): AsyncGenerator<FileRecord<Article | Ticket>> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      const text = line === 1 ? stripBom(raw) : raw;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new RecordError(path, line, [{ field: "", message: `not valid JSON (${reason(err)})` }]);
      }
      yield { line, record: validate(kind, value, { file: path, line }) };
    }
  } finally {
    // readline does not close its input when the consumer stops early (bad record, break).
    lines.close();
    input.destroy();
  }
}

interface CsvRow {
  record: Record<string, string>;
  raw: string;
  info: InfoRecord & { columns?: { name: string }[] };
}

async function* readCsv(path: string, kind: KnowledgeKind): AsyncGenerator<FileRecord<Article | Ticket>> {
  const parser = parse({ columns: true, info: true, raw: true, bom: true, relax_quotes: false, skip_empty_lines: true });
  // pipeline (not pipe) so a read error such as ENOENT reaches the loop below instead of hanging it.
  pipeline(createReadStream(path), parser, () => undefined);
  let headerChecked = false;
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      if (!headerChecked) {
        checkHeader(path, kind, row.info.columns?.map((column) => column.name) ?? Object.keys(row.record));
        headerChecked = true;
      }
      const line = startLine(row.info.lines, row.raw);
      const { value, issues } = fromCsvRow(row.record);
      if (issues.length > 0) throw new RecordError(path, line, issues);
      yield { line, record: validate(kind, value, { file: path, line, csv: true }) };
    }
  } catch (err) {
    if (err instanceof CsvError && typeof err.lines === "number") {
      throw new RecordError(path, err.lines, [{ field: "", message: err.message }]);
    }
    throw err;
  }
}

function checkHeader(path: string, kind: KnowledgeKind, columns: string[]): void {
  // zod drops unknown keys silently, so a typo such as "customer-email" would lose data without this.
  const unknown = columns.filter((column) => !CSV_COLUMNS[kind].includes(column));
  if (unknown.length > 0) {
    const message = `unknown column(s) ${unknown.map((c) => `"${c}"`).join(", ")}; expected ${CSV_COLUMNS[kind].join(", ")}`;
    throw new RecordError(path, 1, [{ field: "", message }]);
  }
}

/** info.lines is where a record ends; quoted newlines can make it span lines, and people look for the start. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^[\r\n]+/, "").replace(/[\r\n]+$/, "");
  return endLine - (body.match(/\r\n|\r|\n/g)?.length ?? 0);
}

function fromCsvRow(row: Record<string, string>): { value: Record<string, unknown>; issues: RecordIssue[] } {
  const value: Record<string, unknown> = {};
  const issues: RecordIssue[] = [];
  for (const [column, cell] of Object.entries(row)) {
    // Empty cells are omitted so optional fields stay absent instead of failing as "".
    if (cell.trim() === "") continue;
    let parsed: unknown = cell;
    if (LIST_COLUMNS.has(column)) {
      parsed = cell.split(/[;|]/).map((part) => part.trim()).filter(Boolean);
    } else if (column === "messages") {
      try {
        parsed = JSON.parse(cell);
      } catch (err) {
        issues.push({ field: column, message: `not a JSON array (${reason(err)})` });
      }
    }
    const [head, child] = (FIELD_BY_COLUMN[column] ?? column).split(".") as [string, string | undefined];
    if (child === undefined) value[head] = parsed;
    else value[head] = { ...(value[head] as Record<string, unknown> | undefined), [child]: parsed };
  }
  return { value, issues };
}
