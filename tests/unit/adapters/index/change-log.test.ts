import { describe, expect, it } from "vitest";
import { IndexChangeLog } from "../../../../src/adapters/index/change-log.js";
import { useTempLmdb } from "../../../helpers/temp-lmdb.js";

describe("index change log", () => {
  const db = useTempLmdb("change-log-test-");
  const log = () => new IndexChangeLog(db().openDB({ name: "kv" }));

  it("numbers writes in order and lists those after a position", async () => {
    const changes = log();
    expect(changes.head()).toBe(0);
    expect(await changes.append("ticket", ["t1", "t2"])).toBe(1);
    expect(await changes.append("article", ["a1"])).toBe(2);
    expect(await changes.append("ticket", ["t3"])).toBe(3);
    expect(changes.since(0)).toEqual([
      { seq: 1, kind: "ticket", ids: ["t1", "t2"] },
      { seq: 2, kind: "article", ids: ["a1"] },
      { seq: 3, kind: "ticket", ids: ["t3"] },
    ]);
    expect(changes.since(2)).toEqual([{ seq: 3, kind: "ticket", ids: ["t3"] }]);
    expect(changes.since(3)).toEqual([]);
  });

  it("orders past nine and past ninety-nine by number, not by text", async () => {
    const changes = log();
    for (let i = 1; i <= 120; i++) await changes.append("ticket", [`t${i}`]);
    expect(changes.since(95)!.map((entry) => entry.seq)).toEqual(Array.from({ length: 25 }, (_, i) => 96 + i));
  });

  it("says so when entries a caller needs were pruned, rather than returning a partial list", async () => {
    const changes = log();
    for (const id of ["t1", "t2", "t3"]) await changes.append("ticket", [id]);
    await changes.prune(2);
    expect(changes.since(2)).toEqual([{ seq: 3, kind: "ticket", ids: ["t3"] }]);
    expect(changes.since(1)).toBeUndefined();
    expect(changes.since(0)).toBeUndefined();
    // Pruning keeps the numbering going.
    expect(await changes.append("ticket", ["t4"])).toBe(4);
  });

  it("is shared by every reader of the same store", async () => {
    const writer = log();
    const reader = log();
    await writer.append("ticket", ["t1"]);
    expect(reader.head()).toBe(1);
    expect(reader.since(0)).toEqual([{ seq: 1, kind: "ticket", ids: ["t1"] }]);
  });
});
