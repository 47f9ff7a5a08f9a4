import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { IndexHolder, nextSaveDelay } from "../../../../src/adapters/index/index-holder.js";
import { KnowledgeIndex } from "../../../../src/adapters/index/knowledge-index.js";
import { createLogger } from "../../../../src/shared/logger.js";

const vector = (i: number) => Float32Array.from({ length: 4 }, (_, d) => (d === i % 4 ? 1 : 0));

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
      const first = reader.reloadIfNewer();
      await olderLoadedPromise;
      writer.current.upsertTicket("t2", "h2", "invoice copy", vector(1), { ticketId: "t2", status: "solved", articleIds: [] });
      await writer.flush();
      const second = reader.reloadIfNewer();
      await Promise.all([first, second]);
      expect(reader.current.version).toBe(writer.current.version);
      expect(reader.current.count("ticket")).toBe(2);
    } finally {
      spy.mockRestore();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
