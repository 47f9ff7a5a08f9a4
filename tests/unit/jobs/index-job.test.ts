import pino from "pino";
import { describe, expect, it } from "vitest";
import { InProcessJobQueue } from "../../../src/jobs/in-process-queue.js";
import { useTempLmdb } from "../../helpers/temp-lmdb.js";
import { createIndexJob } from "../../../src/jobs/handlers/index.job.js";
import type { JobHandlers } from "../../../src/jobs/catalog.js";
import type { IndexingDeps } from "../../../src/ingest/index-items.js";

/** Items the store no longer has: syncing them is a no-op, which is all the refit queuing needs. */
const emptyDeps = {
  store: { get: () => undefined },
  index: () => ({ remove: () => false }),
  embedder: {},
  chunking: { chunkSize: 800, chunkOverlap: 100 },
  beforeWrite: async () => undefined,
  afterWrite: async () => undefined,
} as unknown as IndexingDeps & { beforeWrite(): Promise<void>; afterWrite(): Promise<void> };

describe("index job and the confidence refit", () => {
  const db = useTempLmdb("index-job-test-");

  async function run(jobs: Array<"ticket" | "article">): Promise<string[]> {
    const queue = new InProcessJobQueue(db() as never, pino({ level: "silent" }));
    const ran: string[] = [];
    const index = createIndexJob(emptyDeps);
    const handlers: JobHandlers = {
      index: async (payload, context) => {
        ran.push(payload.kind);
        await index(payload, context);
      },
      reconcile: async () => undefined,
      recalibrate: async () => void ran.push("recalibrate"),
      "gap-run": async () => undefined,
    };
    for (const [i, kind] of jobs.entries()) await queue.enqueue("index", { kind, ids: [`item-${i}`] }, 1);
    queue.start(handlers);
    await queue.idle();
    await queue.close();
    return ran;
  }

  it("refits once after the last ticket job of a burst", async () => {
    expect(await run(["ticket", "ticket", "ticket"])).toEqual(["ticket", "ticket", "ticket", "recalibrate"]);
  });

  it("still refits when an article job ends the burst", async () => {
    expect(await run(["ticket", "article"])).toEqual(["ticket", "article", "recalibrate"]);
  });

  it("refits after articles alone too: tickets imported before the articles they link teach the fit only now", async () => {
    expect(await run(["article", "article"])).toEqual(["article", "article", "recalibrate"]);
  });
});
