import pino from "pino";
import { describe, expect, it } from "vitest";
import { InProcessJobQueue } from "../../../src/jobs/in-process-queue.js";
import { useTempLmdb } from "../../helpers/temp-lmdb.js";
import type { JobHandlers } from "../../../src/jobs/catalog.js";

describe("embedded job queue", () => {
  const db = useTempLmdb("queue-test-");

  it("tells a running job whether more jobs of its kind wait behind it", async () => {
    const queue = new InProcessJobQueue(db() as never, pino({ level: "silent" }));
    const seen: Array<{ ids: string[]; moreQueued: boolean | undefined }> = [];
    const handlers: JobHandlers = {
      index: async (payload, context) => void seen.push({ ids: payload.ids, moreQueued: await context.moreQueued?.() }),
      reconcile: async () => undefined,
      recalibrate: async () => undefined,
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

  it("queues a follow-up once for a burst of jobs that each ask for it, after them, and counts its depth", async () => {
    const queue = new InProcessJobQueue(db() as never, pino({ level: "silent" }));
    const ran: string[] = [];
    const depths: number[] = [];
    const handlers: JobHandlers = {
      index: async (payload, context) => {
        ran.push(`index ${payload.ids.join()}`);
        depths.push(await queue.depth());
        await context.followUp?.("recalibrate", { reason: "test" });
      },
      reconcile: async () => undefined,
      recalibrate: async (payload) => void ran.push(`recalibrate (${payload.reason})`),
      "gap-run": async () => undefined,
    };
    for (const id of ["a", "b", "c"]) await queue.enqueue("index", { kind: "ticket", ids: [id] }, 1);
    expect(await queue.depth()).toBe(3);
    queue.start(handlers);
    await queue.idle();
    expect(ran).toEqual(["index a", "index b", "index c", "recalibrate (test)"]);
    // While a runs, b and c wait (3); while c runs, the follow-up a queued waits behind it (2).
    expect(depths).toEqual([3, 3, 2]);
    expect(await queue.depth()).toBe(0);

    // A later job asks again: the earlier follow-up has run, so a new one is queued.
    await queue.enqueue("index", { kind: "ticket", ids: ["d"] }, 1);
    await queue.idle();
    await queue.close();
    expect(ran.slice(4)).toEqual(["index d", "recalibrate (test)"]);
  });
});
