import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { repoRoot } from "./machine.js";
import { mulberry32 } from "./random.js";

/** Read in place from ../shared/datasets (never copied into the project: see its README). */
let datasetDir = path.resolve(repoRoot, "../shared/datasets/banking77");

export const getDatasetDir = (): string => datasetDir;

/** `--dataset-dir`: another copy of BANKING77, or a missing folder to check how the harness runs without it. */
export function useDatasetDir(dir: string): void {
  datasetDir = path.resolve(dir);
}

export interface Example {
  text: string;
  intent: string;
  /** Row number in its file (0-based), which makes ticket ids stable across runs. */
  row: number;
}

export interface Banking77 {
  train: Example[];
  test: Example[];
  /** Sorted, so "the 5th intent" means the same thing on every machine. */
  intents: string[];
}

export function datasetMissingMessage(): string | undefined {
  return existsSync(path.join(datasetDir, "train.csv")) && existsSync(path.join(datasetDir, "test.csv"))
    ? undefined
    : `BANKING77 not found at ${datasetDir}: dataset parts are skipped (place the shared datasets beside the repository to run them)`;
}

function readSplit(file: string): Example[] {
  const rows = parse(readFileSync(path.join(datasetDir, file)), { columns: true, skip_empty_lines: true }) as Array<{ text: string; category: string }>;
  return rows.map((row, i) => ({ text: row.text.trim(), intent: row.category, row: i }));
}

export function loadBanking77(): Banking77 {
  const train = readSplit("train.csv");
  const test = readSplit("test.csv");
  return { train, test, intents: [...new Set(train.map((e) => e.intent))].sort() };
}

export interface ArticleInput {
  id: string;
  title: string;
  body: string;
  tags: string[];
}

export interface TicketInput {
  id: string;
  subject: string;
  description: string;
  status: "solved";
  channel: string;
  tags: string[];
  articleIds?: string[];
}

/** `card_arrival` -> "Card arrival". */
export const intentTitle = (intent: string): string => intent.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

export const articleIdOf = (intent: string, part = 1): string => `kb-${intent.replace(/_/g, "-")}${part > 1 ? `-${part}` : ""}`;

/**
 * One help-centre article per intent as the spec describes it: the title from the intent name, a
 * one-line lead that says no more than the title does, then real customer phrasings. `part` 2+ are the
 * extra articles of the load bench (the next 12 questions), so that 150 articles exist.
 */
export function intentArticle(intent: string, train: Example[], part = 1): ArticleInput {
  const title = intentTitle(intent) + (part > 1 ? ` (part ${part})` : "");
  const examples = train.filter((e) => e.intent === intent).slice((part - 1) * 12, part * 12);
  const body = [`${intentTitle(intent)}: what it means and what to do next.`, "", "Customers ask us things like:", ...examples.map((e) => `- ${e.text}`)].join("\n");
  return { id: articleIdOf(intent, part), title, body, tags: [] };
}

/**
 * A solved ticket made from one customer question. The question is the subject; BANKING77 questions
 * are one sentence, which is what a chat or widget ticket looks like. The intent is the ticket's tag,
 * as an agent would tag it.
 */
export function questionTicket(example: Example, split: "train" | "test", articleId?: string): TicketInput {
  return {
    id: `b77-${split}-${example.row}`,
    subject: example.text,
    description: "",
    status: "solved",
    channel: "chat",
    tags: [example.intent],
    ...(articleId ? { articleIds: [articleId] } : {}),
  };
}

/**
 * A synthetic solved ticket for volume (load, scale, soak): a real question as the subject and a
 * reference number as the description, the way order and account numbers make real tickets unique.
 * Unique text matters: the service embeds identical texts once, so repeated questions would make
 * ingestion look cheaper than it is.
 */
export function syntheticTicket(byIntent: Map<string, Example[]>, intents: string[], index: number, prefix: string): TicketInput {
  const random = mulberry32(index + 1);
  const intent = intents[index % intents.length]!;
  const pool = byIntent.get(intent)!;
  const question = pool[Math.floor(random() * pool.length)]!;
  return { id: `${prefix}-${index}`, subject: question.text, description: `Reference ${100000 + index}.`, status: "solved", channel: "email", tags: [intent] };
}

export const groupByIntent = (examples: Example[]): Map<string, Example[]> => {
  const map = new Map<string, Example[]>();
  for (const e of examples) map.set(e.intent, [...(map.get(e.intent) ?? []), e]);
  return map;
};

export interface PlanSize {
  /** Use only the first N sorted intents (smoke); all when undefined. */
  intents?: number;
  trainPerIntent?: number;
  testPerIntent?: number;
  loadTickets: number;
  loadArticles: number;
}

export const FULL_PLAN: PlanSize = { loadTickets: 15_000, loadArticles: 150 };
export const SMOKE_PLAN: PlanSize = { intents: 6, trainPerIntent: 16, testPerIntent: 3, loadTickets: 110, loadArticles: 7 };

/** Everything the dataset benches ingest and ask, built once per run so that every bench sees the same ids and texts. */
export interface DatasetPlan {
  intents: string[];
  /** Intents whose article is withheld (positions 5, 10, … of the sorted list, 1-based). */
  withheld: string[];
  covered: Set<string>;
  train: Example[];
  test: Example[];
  /** The covered intents' articles (answers, suggestions). */
  articles: ArticleInput[];
  /** Every training question as a solved ticket tagged with its intent; covered ones link their article. */
  historyTickets: TicketInput[];
  /** The load bench's knowledge: `loadArticles` articles and `loadTickets` tickets (the history plus synthetic ones). */
  loadArticles: ArticleInput[];
  loadTickets: TicketInput[];
}

export function buildPlan(data: Banking77, size: PlanSize): DatasetPlan {
  const intents = size.intents ? data.intents.slice(0, size.intents) : data.intents;
  const keep = new Set(intents);
  const take = (examples: Example[], perIntent: number | undefined) => {
    const seen = new Map<string, number>();
    return examples.filter((e) => {
      if (!keep.has(e.intent)) return false;
      const n = (seen.get(e.intent) ?? 0) + 1;
      seen.set(e.intent, n);
      return perIntent === undefined || n <= perIntent;
    });
  };
  // Articles quote the first 12 training questions of their intent whatever the sample size.
  const articleSource = take(data.train, undefined);
  const train = take(data.train, size.trainPerIntent);
  const test = take(data.test, size.testPerIntent);
  const withheld = intents.filter((_, i) => (i + 1) % 5 === 0);
  const covered = new Set(intents.filter((intent) => !withheld.includes(intent)));
  const articles = intents.filter((i) => covered.has(i)).map((intent) => intentArticle(intent, articleSource));
  const historyTickets = train.map((e) => questionTicket(e, "train", covered.has(e.intent) ? articleIdOf(e.intent) : undefined));

  const loadArticles: ArticleInput[] = [];
  for (let part = 1; loadArticles.length < size.loadArticles; part++) {
    for (const intent of intents) if (loadArticles.length < size.loadArticles) loadArticles.push(intentArticle(intent, articleSource, part));
  }
  const byIntent = groupByIntent(articleSource);
  const loadTickets = historyTickets.slice(0, size.loadTickets);
  for (let i = 0; loadTickets.length < size.loadTickets; i++) loadTickets.push(syntheticTicket(byIntent, intents, i, "b77-synthetic"));
  return { intents, withheld, covered, train, test, articles, historyTickets, loadArticles, loadTickets };
}

/**
 * `perIntent` test questions of every intent, chosen with a fixed seed and kept in file order: the same
 * sample on every run and machine, with every intent equally represented (as in the full test set).
 */
export function sampleTest(test: Example[], perIntent: number, seed = 5): Example[] {
  const random = mulberry32(seed);
  const chosen = new Set<Example>();
  for (const pool of groupByIntent(test).values()) {
    const order = pool.map((example) => ({ example, key: random() })).sort((a, b) => a.key - b.key);
    for (const { example } of order.slice(0, perIntent)) chosen.add(example);
  }
  return test.filter((example) => chosen.has(example));
}
