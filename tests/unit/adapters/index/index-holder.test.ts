import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { IndexHolder, nextSaveDelay } from "../../../../src/adapters/index/index-holder.js";
import { KnowledgeIndex, readCurrentVersion } from "../../../../src/adapters/index/knowledge-index.js";
import { IndexChangeLog } from "../../../../src/adapters/index/change-log.js";
import { createLogger } from "../../../../src/shared/logger.js";
import { useTempLmdb } from "../../../helpers/temp-lmdb.js";

const vector = (i: number) => Float32Array.from({ length: 4 }, (_, d) => (d === i % 4 ? 1 : 0) + ((i * (d + 1)) % 7) / 10);

describe("index save pacing", () => {
  it("keeps the configured interval while saves are quick", () => {
    expect(nextSaveDelay(2000, 0)).toBe(2000);
    expect(nextSaveDelay(2000, 150)).toBe(2000);
  });

  it("spaces saves out after a slow one, so saving takes at most a tenth of the time", () => {
    const lastSaveMs = 1500; // a large index
    const delay = nextSaveDelay(2000, lastSaveMs);
    expect(delay).toBe(13_500);
    expect(lastSaveMs / (lastSaveMs + delay)).toBeCloseTo(0.1, 10);
  });
});

describe("reloading versions another process saved", () => {
  it("ends on the newest version when two announcements overlap and the older load finishes last", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "holder-"));
    const options = { dataDir, modelId: "test-model", dimensions: 4, params: { m: 8, efConstruction: 50, ef: 16 }, saveIntervalMs: 50, logger: createLogger("silent") };
    const writer = new IndexHolder(options);
    const reader = new IndexHolder(options);
    await writer.load();
    await reader.load();
    const realLoad = KnowledgeIndex.load.bind(KnowledgeIndex);
    let olderLoaded!: () => void;
    const olderLoadedPromise = new Promise<void>((resolve) => (olderLoaded = resolve));
    let calls = 0;
    // The first reload's load is made slow after it has read its version, as a large index would be.
    const spy = vi.spyOn(KnowledgeIndex, "load").mockImplementation(async (...args) => {
      const result = await realLoad(...args);
      if (calls++ === 0) {
        olderLoaded();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return result;
    });
    try {
      writer.current.upsertTicket("t1", "h1", "printer jams", vector(0), { ticketId: "t1", status: "solved", articleIds: [] });
      await writer.flush();
      const first = reader.catchUp();
      await olderLoadedPromise;
      writer.current.upsertTicket("t2", "h2", "invoice copy", vector(1), { ticketId: "t2", status: "solved", articleIds: [] });
      await writer.flush();
      const second = reader.catchUp();
      await Promise.all([first, second]);
      expect(reader.current.version).toBe(writer.current.version);
      expect(reader.current.count("ticket")).toBe(2);
    } finally {
      spy.mockRestore();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("following the shared change log (scaled mode)", () => {
  const db = useTempLmdb("holder-log-test-");

  /**
   * Holders over one DATA_DIR and one log, as an API and workers over a shared volume. The "store" is
   * a map of ticket texts; applying an entry syncs its ids from it, as syncItems does from LMDB.
   */
  async function setUp() {
    const dataDir = await mkdtemp(path.join(tmpdir(), "holder-log-"));
    const store = new Map<string, number>();
    const applied: string[] = [];
    let repairs = 0;
    const log = new IndexChangeLog(db().openDB({ name: "kv" }));
    const holders: IndexHolder[] = [];
    const holder = async (modelId = "test-model") => {
      const created = new IndexHolder({ dataDir, modelId, dimensions: 4, params: { m: 8, efConstruction: 50, ef: 16 }, saveIntervalMs: 60_000, logger: createLogger("silent") });
      await created.load();
      const sync = (id: string) => {
        const value = store.get(id);
        if (value === undefined) created.current.remove("ticket", id);
        else created.current.upsertTicket(id, `h${value}`, `ticket ${value}`, vector(value), { ticketId: id, status: "solved" });
      };
      created.followChanges({
        log,
        apply: async (_kind, ids) => {
          applied.push(...ids);
          ids.forEach(sync);
        },
        repair: async () => {
          repairs++;
          [...store.keys()].forEach(sync);
        },
      });
      holders.push(created);
      return created;
    };
    /** What a worker's index job does: store the items, index them, record the write. */
    const write = async (writer: IndexHolder, ids: string[]) => {
      for (const id of ids) {
        store.set(id, store.size);
        writer.current.upsertTicket(id, `h${store.get(id)!}`, `ticket ${id}`, vector(store.get(id)!), { ticketId: id, status: "solved" });
      }
      await writer.record("ticket", ids);
    };
    const cleanUp = async () => {
      for (const created of holders) created.stopSaving();
      await rm(dataDir, { recursive: true, force: true });
    };
    return { dataDir, log, holder, write, applied, repairs: () => repairs, cleanUp };
  }

  /** Runs `test` on a fresh set-up, and cleans up after it however it ends. */
  async function withSetUp(test: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>): Promise<void> {
    const context = await setUp();
    try {
      await test(context);
    } finally {
      await context.cleanUp();
    }
  }

  it("applies a small write in another process without loading or saving the whole index", () =>
    withSetUp(async ({ dataDir, holder, write, applied }) => {
      const worker = await holder();
      const api = await holder();
      await write(worker, ["t1"]);
      expect(await api.catchUp()).toBe("log");
      expect(api.current.count("ticket")).toBe(1);
      expect(applied).toEqual(["t1"]);
      // Nothing was saved: the write is in the log, and the next save is minutes away.
      expect(await readCurrentVersion(path.join(dataDir, "index"))).toBe(0);
      expect(await api.catchUp()).toBe("none");
    }));

  it("saves a large write at once, and a process far behind loads it instead of replaying it", () =>
    withSetUp(async ({ holder, write, applied }) => {
      const worker = await holder();
      const api = await holder();
      const bulk = Array.from({ length: 1200 }, (_, i) => `b${i}`);
      await write(worker, bulk);
      expect(worker.current.version).toBe(1);
      await write(worker, ["late"]);
      expect(await api.catchUp()).toBe("snapshot");
      expect(api.current.count("ticket")).toBe(1201);
      // Only the write after the save was replayed.
      expect(applied).toEqual(["late"]);
      expect(api.current.logSeq).toBe(2);
    }));

  it("lets only a writer that holds every logged write save, so a stale one never hides a newer write", () =>
    withSetUp(async ({ dataDir, holder, write }) => {
      const first = await holder();
      const second = await holder();
      await write(first, ["t1"]);
      await second.catchUp();
      await write(second, ["t2"]);
      await first.flush();
      expect(await readCurrentVersion(path.join(dataDir, "index"))).toBe(0);
      await second.flush();
      const fresh = await holder();
      expect(fresh.current.count("ticket")).toBe(2);
      expect(fresh.current.logSeq).toBe(2);
      expect(await fresh.catchUp()).toBe("none");
    }));

  it("does not count writes it never applied as held when it records its own after them", () =>
    withSetUp(async ({ holder, write }) => {
      const first = await holder();
      const second = await holder();
      await write(first, ["t1"]);
      // The second writer did not catch up first (a lock handed over mid-job): its write is seq 2.
      await write(second, ["t2"]);
      expect(second.current.logSeq).toBe(0);
      expect(await second.catchUp()).toBe("log");
      expect(second.current.count("ticket")).toBe(2);
      expect(second.current.logSeq).toBe(2);
    }));

  it("waits for the writer's rebuild when the saved index is of another model and the log it needs is pruned", () =>
    withSetUp(async ({ holder, write, repairs }) => {
      const before = await holder();
      await write(before, ["t1"]);
      await before.flush();
      // An upgrade to another embedding model: the saved index no longer applies.
      const api = await holder("next-model");
      expect(await api.catchUp()).toBe("none");
      expect(repairs()).toBe(0);
      expect(api.current.count("ticket")).toBe(0);
      // The worker's reconcile rebuilds everything from the store and saves it.
      const worker = await holder("next-model");
      await worker.catchUp();
      worker.current.upsertTicket("t1", "h0", "ticket t1", vector(0), { ticketId: "t1", status: "solved" });
      worker.markInLineWithStore();
      await worker.record("ticket", ["t1"]);
      await worker.flush();
      expect(worker.current.version).toBe(2);
      expect(await api.catchUp()).toBe("snapshot");
      expect(api.current.count("ticket")).toBe(1);
    }));

  it("catches up with a write recorded after the last save when a process starts", () =>
    withSetUp(async ({ holder, write }) => {
      const worker = await holder();
      await write(worker, ["t1"]);
      await worker.flush();
      await write(worker, ["t2"]);
      // The worker is killed here, before its next save: the log still has t2.
      worker.stopSaving();
      const next = await holder();
      expect(next.current.count("ticket")).toBe(1);
      expect(await next.catchUp()).toBe("log");
      expect(next.current.count("ticket")).toBe(2);
    }));

  it("syncs with the store when the writes it needs were pruned and no saved index holds them", () =>
    withSetUp(async ({ log, holder, write, repairs }) => {
      const worker = await holder();
      const api = await holder();
      await write(worker, ["t1"]);
      await write(worker, ["t2"]);
      await log.prune(2);
      expect(await api.catchUp()).toBe("repair");
      expect(repairs()).toBe(1);
      expect(api.current.count("ticket")).toBe(2);
      expect(api.current.logSeq).toBe(2);
    }));
});
