import { afterEach, describe, expect, it } from "vitest";
import { ApiError, formatApiError } from "../../../src/cli/api-client.js";
import { runImport, type ImportSource, type Phase, type ProgressReporter, type RunImportOptions } from "../../../src/cli/import-runner.js";
import { formatSummary } from "../../../src/cli/progress.js";
import type { Article, Ticket } from "../../../src/ingest/knowledge.schema.js";
import { startStandIn, type StandIn, type StandInOptions } from "./stand-in-server.js";

const tickets = (count: number): Ticket[] =>
  Array.from({ length: count }, (_, i) => ({ id: `t-${i + 1}`, subject: `Subject ${i + 1}`, description: "Something broke.", status: "open" }));
const articles = (count: number): Article[] =>
  Array.from({ length: count }, (_, i) => ({ id: `kb-${i + 1}`, title: `Article ${i + 1}`, body: "How to fix it." }));

/** Remembers every call so tests can see what a person would have seen. */
function recordingReporter() {
  const events: { phase: Phase; total: number; updates: number[]; stopped: boolean }[] = [];
  const reporter: ProgressReporter = {
    start: (phase, total) => events.push({ phase, total, updates: [], stopped: false }),
    update: (done) => events.at(-1)?.updates.push(done),
    stop: () => {
      const last = events.at(-1);
      if (last) last.stopped = true;
    },
  };
  return { reporter, events, phase: (name: Phase) => events.find((event) => event.phase === name) };
}

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(sources: ImportSource[], standIn: StandInOptions = {}, extra: Partial<RunImportOptions> = {}) {
  server = await startStandIn(standIn);
  const progress = recordingReporter();
  const result = runImport(sources, {
    baseUrl: server.url,
    batchSize: 500,
    fetch: (url, init) => fetch(url, init),
    reporter: progress.reporter,
    pollIntervalMs: 5,
    // Back-off waits are the client's business; tests only need them to happen, not to take time.
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    ...extra,
  });
  return { result, progress, server };
}

describe("runImport against a stand-in service", () => {
  it("sends 1,050 tickets with batch 500 as three requests and waits for their jobs", async () => {
    const { result, progress, server } = await run([{ kind: "ticket", total: 1050, records: tickets(1050) }]);
    const summary = await result;
    expect(server.bulk.map((request) => [request.kind, request.items.length])).toEqual([
      ["tickets", 500],
      ["tickets", 500],
      ["tickets", 50],
    ]);
    expect(summary).toMatchObject({ sent: { article: 0, ticket: 1050 }, requests: 3, jobs: { completed: 3, failed: [] } });
    expect(summary.itemsPerSecond).toBeGreaterThan(0);
    expect(progress.phase("upload")).toMatchObject({ total: 1050, updates: [500, 1000, 1050], stopped: true });
    expect(progress.phase("process")).toMatchObject({ total: 1050, stopped: true });
    expect(progress.phase("process")?.updates.at(-1)).toBe(1050);
  });

  it("sends articles first, each kind to its own endpoint, with the bearer key", async () => {
    const sources: ImportSource[] = [
      { kind: "ticket", total: 2, records: tickets(2) },
      { kind: "article", total: 3, records: articles(3) },
    ];
    const { result, server } = await run(sources, { apiKey: "s3cret" }, { apiKey: "s3cret", batchSize: 2 });
    const summary = await result;
    expect(server.bulk.map((request) => [request.kind, request.items.length])).toEqual([
      ["articles", 2],
      ["articles", 1],
      ["tickets", 2],
    ]);
    expect(new Set(server.bulk.map((request) => request.authorization))).toEqual(new Set(["Bearer s3cret"]));
    expect(summary.sent).toEqual({ article: 3, ticket: 2 });
  });

  it("streams records from an async iterable", async () => {
    async function* generate() {
      yield* tickets(3);
    }
    const { result, server } = await run([{ kind: "ticket", total: 3, records: generate() }], {}, { batchSize: 2 });
    await result;
    expect(server.bulk.map((request) => request.items.length)).toEqual([2, 1]);
  });

  it("polls each job through queued and running until it completes, reporting partial progress", async () => {
    const { result, progress, server } = await run([{ kind: "ticket", total: 1000, records: tickets(1000) }], { pollsToFinish: 4 });
    const summary = await result;
    expect(summary.jobs.completed).toBe(2);
    expect(server.jobPolls).toBe(8);
    const updates = progress.phase("process")?.updates ?? [];
    expect(updates[0]).toBe(0);
    expect(updates.some((done) => done > 0 && done < 1000)).toBe(true);
    expect(updates.at(-1)).toBe(1000);
    // Progress never goes backwards between polls.
    expect([...updates].sort((a, b) => a - b)).toEqual(updates);
  });

  it("reports a failed job and still waits for the others", async () => {
    const { result } = await run([{ kind: "ticket", total: 1050, records: tickets(1050) }], { failJobs: [2], pollsToFinish: 2 });
    const summary = await result;
    expect(summary.jobs.completed).toBe(2);
    expect(summary.jobs.failed).toEqual([{ jobId: "job-2", kind: "ticket", items: 500, error: "embedder crashed" }]);
    expect(formatSummary(summary)).toMatch(/2 completed, 1 failed[\s\S]*failed job job-2 \(500 tickets\): embedder crashed/);
  });

  it("surfaces a 400 with the server's message and details, and stops sending", async () => {
    const refuse = (_request: unknown, index: number) =>
      index === 1
        ? {
            status: 400,
            body: {
              error: {
                code: "invalid_request",
                message: "tickets[3].status: Invalid enum value",
                details: [{ path: "tickets.3.status", message: "Invalid enum value. Expected 'new' | 'open'" }],
              },
            },
          }
        : undefined;
    const { result, progress, server } = await run([{ kind: "ticket", total: 1050, records: tickets(1050) }], { intercept: refuse });
    const err = await result.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "invalid_request", message: "tickets[3].status: Invalid enum value" });
    expect(formatApiError(err as ApiError)).toBe(
      "HTTP 400 invalid_request: tickets[3].status: Invalid enum value\n  - tickets.3.status: Invalid enum value. Expected 'new' | 'open'",
    );
    expect(server.bulk).toHaveLength(2);
    expect(progress.phase("upload")?.stopped).toBe(true);
    expect(progress.phase("process")).toBeUndefined();
  });

  it("splits a batch the server refuses with 413 and sends the halves", async () => {
    // Each stand-in ticket is ~100 bytes of JSON: 500 of them are over the limit, 250 are not.
    const { result, server } = await run([{ kind: "ticket", total: 550, records: tickets(550) }], { maxBodyBytes: 30_000 });
    const summary = await result;
    expect(server.bulk.map((request) => request.items.length)).toEqual([250, 250, 50]);
    expect(summary).toMatchObject({ sent: { ticket: 550 }, requests: 4, jobs: { completed: 3 } });
  });

  it("retries a 429 after Retry-After", async () => {
    let refused = false;
    const rateLimit = () => {
      if (refused) return undefined;
      refused = true;
      return { status: 429, body: { error: { code: "rate_limited", message: "slow down" } }, headers: { "retry-after": "0" } };
    };
    const { result, server } = await run([{ kind: "ticket", total: 10, records: tickets(10) }], { intercept: rateLimit });
    const summary = await result;
    expect(server.bulk).toHaveLength(2);
    expect(summary.jobs.completed).toBe(1);
  });

  it("names the URL when the service cannot be reached", async () => {
    const gone = await startStandIn();
    await gone.close();
    const { reporter } = recordingReporter();
    const result = runImport([{ kind: "ticket", total: 1, records: tickets(1) }], {
      baseUrl: gone.url,
      batchSize: 500,
      fetch: (url, init) => fetch(url, init),
      reporter,
    });
    await expect(result).rejects.toThrow(`cannot reach ${gone.url}`);
  });
});
