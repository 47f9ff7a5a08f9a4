import { describe, expect, it } from "vitest";
import { decodeTime, isValid } from "ulid";
import { newId } from "../../../src/shared/ids.js";

describe("newId", () => {
  it("makes valid ULIDs carrying the creation time", () => {
    const before = Date.now();
    const id = newId();
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(Date.now());
  });

  it("never repeats and uses the whole alphabet in the random part, across refills of the byte pool", () => {
    // 10,000 ids draw 160,000 random characters: the 4 KiB pool is refilled about 40 times.
    const ids = Array.from({ length: 10_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    const counts = new Map<string, number>();
    for (const id of ids) for (const char of id.slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // Uniform would be 5,000 per character; a stuck or biased generator lands far outside ±10 %.
    for (const count of counts.values()) expect(Math.abs(count - 5_000)).toBeLessThan(500);
  });
});
