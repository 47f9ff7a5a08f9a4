import { describe, expect, it } from "vitest";
import { syncItems, type IndexingDeps } from "../../../src/ingest/index-items.js";

/** A ticket store, an index that records inserts, and an embedder whose calls the test releases one by one. */
function fakes(ticketCount: number) {
  const tickets = new Map(Array.from({ length: ticketCount }, (_, i) => [`t${i}`, { id: `t${i}`, contentHash: `h${i}`, subject: `Ticket ${i}`, description: "My parcel is late", status: "solved" }]));
  const written: string[] = [];
  const calls: Array<{ texts: string[]; release: () => void }> = [];
  const deps = {
    store: { get: (_kind: string, id: string) => tickets.get(id), getVector: () => undefined, putVectors: async () => undefined },
    index: () => ({ indexedHash: () => undefined, remove: () => false, upsertTicket: (id: string) => written.push(id) }),
    embedder: {
      modelId: "fake",
      embedVectors: (texts: string[]) =>
        new Promise<Float32Array[]>((resolve) => calls.push({ texts, release: () => resolve(texts.map(() => new Float32Array([1, 0]))) })),
    },
    chunking: { chunkSize: 800, chunkOverlap: 100 },
  } as unknown as IndexingDeps;
  return { deps, written, calls };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("syncItems pipelining", () => {
  it("keeps the next round queued at the model while one is embedded, and writes rounds in order", async () => {
    const { deps, written, calls } = fakes(600); // rounds of 256, 256 and 88 tickets
    const done = syncItems(deps, "ticket", [...Array(600).keys()].map((i) => `t${i}`), () => undefined);
    await settle();
    // Two rounds are with the model before either comes back.
    expect(calls.map((c) => c.texts.length)).toEqual([256, 256]);
    calls[0]!.release();
    await settle();
    // The first round is written and the third is queued while the second is still being embedded.
    expect(written).toHaveLength(256);
    expect(calls.map((c) => c.texts.length)).toEqual([256, 256, 88]);
    calls[1]!.release();
    calls[2]!.release();
    expect(await done).toEqual({ indexed: 600, removed: 0, unchanged: 0 });
    expect(written).toEqual([...Array(600).keys()].map((i) => `t${i}`));
  });
});
