import { describe, expect, it } from "vitest";
import { nextSaveDelay } from "../../../../src/adapters/index/index-holder.js";

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
