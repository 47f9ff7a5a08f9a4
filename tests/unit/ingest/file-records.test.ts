import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readRecords, RecordError, type FileRecord } from "../../../src/ingest/file-records.js";
import type { KnowledgeKind } from "../../../src/ingest/knowledge.schema.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));

async function collect(path: string, kind: KnowledgeKind): Promise<FileRecord<unknown>[]> {
  const out: FileRecord<unknown>[] = [];
  for await (const item of readRecords(path, kind)) out.push(item);
  return out;
}

/** Resolves to the RecordError the read throws, failing the test if it throws nothing or something else. */
async function recordError(path: string, kind: KnowledgeKind): Promise<RecordError> {
  const err = await collect(path, kind).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RecordError);
  return err as RecordError;
}

describe("readRecords: JSON", () => {
  it("reads a top-level array, numbering items from 1", async () => {
    const records = await collect(fixture("articles.json"), "article");
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(records[0]?.record).toMatchObject({ id: "kb-1", tags: ["account", "password"], locale: "en" });
  });

  it("reads an object wrapping the array under the kind's key", async () => {
    const records = await collect(fixture("tickets-wrapped.json"), "ticket");
    expect(records.map((r) => r.record)).toMatchObject([{ id: "t-1" }, { id: "t-2", articleIds: ["kb-2"] }]);
  });

  it("rejects a wrapper under the other kind's key", async () => {
    const err = await recordError(fixture("tickets-wrapped.json"), "article");
    expect(err.message).toContain('an object like {"articles": [...]}');
  });

  it("reports a bad item by its index", async () => {
    const err = await recordError(fixture("bad-articles.json"), "article");
    expect(err).toMatchObject({ line: 2, unit: "item" });
    expect(err.message).toMatch(/bad-articles\.json item 2: title: Required$/);
  });

  it("reports a JSON syntax error by the line it is on", async () => {
    const dir = await tempDir();
    const path = join(dir, "broken.json");
    await writeFile(path, '[\n  {"id": "kb-1", "title": "t", "body": "b"},\n  {"id": "kb-2" "title": "t"}\n]\n');
    const err = await recordError(path, "article");
    expect(err.message).toMatch(/broken\.json line 3: not valid JSON/);
  });
});

describe("readRecords: JSONL", () => {
  it("reads one object per line, skipping blank lines but keeping real line numbers", async () => {
    const records = await collect(fixture("tickets.jsonl"), "ticket");
    expect(records.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(records[1]?.record).toMatchObject({ messages: [{ author: "customer" }, { author: "agent" }] });
    expect(records[2]?.record).toMatchObject({ customer: { name: "Ada", email: "ada@example.com" } });
  });

  it("names the line and the nested field of a bad record", async () => {
    const err = await recordError(fixture("bad-tickets.jsonl"), "ticket");
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/bad-tickets\.jsonl line 3: messages\[0\]\.author: Invalid enum value/);
  });

  it("reports a line that is not JSON", async () => {
    const dir = await tempDir();
    const path = join(dir, "broken.ndjson");
    await writeFile(path, '{"id":"t-1","subject":"a","description":"b","status":"new"}\n{"id": oops}\n');
    const err = await recordError(path, "ticket");
    expect(err.message).toMatch(/broken\.ndjson line 2: not valid JSON/);
  });
});

describe("readRecords: CSV", () => {
  it("strips the BOM and keeps commas, newlines and doubled quotes inside quoted fields", async () => {
    const records = await collect(fixture("articles.csv"), "article");
    expect(records.map((r) => r.line)).toEqual([2, 4]);
    expect(records[0]?.record).toEqual({
      id: "kb-1",
      title: "Shipping, returns and exchanges",
      body: "Ship it back within 30 days.\nKeep the receipt, please.",
      url: "https://help.example.com/kb-1",
      tags: ["shipping", "returns", "exchanges"],
      locale: "en",
    });
    expect(records[1]?.record).toEqual({
      id: "kb-2",
      title: "Plain title",
      body: 'Says "hello", politely.',
      brand: "acme",
      updatedAt: "2024-05-01T10:00:00Z",
    });
  });

  it("maps ticket columns: lists, customer, article ids and the messages JSON", async () => {
    const records = await collect(fixture("tickets.csv"), "ticket");
    expect(records[0]?.record).toEqual({
      id: "t-1",
      subject: "Login loop",
      description: "Keeps asking for my password, again and again",
      status: "open",
      tags: ["login", "password"],
      brand: "acme",
      channel: "email",
      locale: "en",
      createdAt: "2024-05-02T08:00:00Z",
      customer: { name: "Ada Lovelace", email: "ada@example.com" },
      articleIds: ["kb-1", "kb-3"],
      messages: [
        { author: "customer", body: "Help, please" },
        { author: "agent", body: "Try a reset." },
      ],
    });
    // Empty cells are left out rather than sent as "".
    expect(records[1]?.record).toEqual({ id: "t-2", subject: "Refund", description: "Money back", status: "solved" });
  });

  it("reports the line a bad record starts on, after multi-line records and blank lines", async () => {
    const err = await recordError(fixture("bad-tickets.csv"), "ticket");
    expect(err.line).toBe(6);
    expect(err.message).toMatch(/bad-tickets\.csv line 6: status: Invalid enum value\. Expected 'new' \| 'open'/);
    expect(err.issues).toEqual([expect.objectContaining({ field: "status" })]);
  });

  it("reports a messages cell that is not JSON", async () => {
    const err = await recordError(fixture("bad-messages.csv"), "ticket");
    expect(err.message).toMatch(/bad-messages\.csv line 3: messages: not a JSON array/);
  });

  it("rejects unknown columns instead of dropping their data", async () => {
    const err = await recordError(fixture("unknown-column.csv"), "ticket");
    expect(err.message).toMatch(/unknown-column\.csv line 1: unknown column\(s\) "customer-email"/);
  });

  it("names CSV columns, not schema paths, for flattened fields", async () => {
    const dir = await tempDir();
    const path = join(dir, "ids.csv");
    await writeFile(path, "id,subject,description,status,article_ids\nt-1,a,b,open,ok;bad/id\n");
    const err = await recordError(path, "ticket");
    expect(err.message).toMatch(/ids\.csv line 2: article_ids\[1\]: must not contain/);
  });

  it("turns parser errors into RecordErrors with a line", async () => {
    const dir = await tempDir();
    const path = join(dir, "ragged.csv");
    await writeFile(path, "id,title,body\nkb-1,a,b\nkb-2,a,b,extra\n");
    const err = await recordError(path, "article");
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/ragged\.csv line 3: Invalid Record Length/);
  });
});

describe("readRecords: file types", () => {
  it("rejects an unknown extension before reading", () => {
    expect(() => readRecords(fixture("articles.txt"), "article")).toThrow(/unsupported file type "\.txt"/);
  });

  it("surfaces a missing file as an error, not a hang", async () => {
    await expect(collect(fixture("missing.csv"), "article")).rejects.toThrow(/ENOENT/);
    await expect(collect(fixture("missing.jsonl"), "article")).rejects.toThrow(/ENOENT/);
  });
});

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "file-records-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
