import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { open, type RootDatabase } from "lmdb";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InProcessJobQueue } from "../../../src/jobs/in-process-queue.js";
import type { JobHandlers } from "../../../src/jobs/catalog.js";

describe("embedded job queue", () => {
  let dir: string;
  let db: RootDatabase;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "queue-test-"));
    db = open({ path: dir });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("tells a running job whether more jobs of its kind wait behind it", async () => {
    const queue = new InProcessJobQueue(db as never, pino({ level: "silent" }));
    const seen: Array<{ ids: string[]; moreQueued: boolean | undefined }> = [];
    const handlers: JobHandlers = {
      index: async (payload, context) => void seen.push({ ids: payload.ids, moreQueued: await context.moreQueued?.() }),
      reconcile: async () => undefined,
      "gap-run": async () => undefined,
    };
    // Queued before the runner starts, so all of them are waiting when the first one runs.
    await queue.enqueue("index", { kind: "ticket", ids: ["a"] }, 1);
    await queue.enqueue("index", { kind: "ticket", ids: ["b"] }, 1);
    await queue.enqueue("reconcile", { reason: "test" }, 1);
    await queue.enqueue("index", { kind: "article", ids: ["c"] }, 1);
    await queue.enqueue("reconcile", { reason: "test" }, 1);
    queue.start(handlers);
    await queue.idle();
    await queue.close();
    expect(seen).toEqual([
      { ids: ["a"], moreQueued: true },
      { ids: ["b"], moreQueued: true },
      { ids: ["c"], moreQueued: false },
    ]);
  });
});
