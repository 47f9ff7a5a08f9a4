import { describe, expect, it } from "vitest";
import { codesIn, commonCode, joinSharingCode } from "../../../src/gaps/codes.js";

describe("error codes in tickets", () => {
  it("finds codes customers quote, in any case, and not the head of a longer reference number", () => {
    expect([...codesIn("Got bf-503 again, then BF-503 and E-1042 on the retry")].sort()).toEqual(["BF-503", "E-1042"]);
    expect([...codesIn("Invoice INV-2026-0042 is wrong; order 55-1234; the 2FA code; ISO 9001; A-1; billed Nov-2026")]).toEqual([]);
  });

  it("names the code at least half of a group quotes", () => {
    const texts = ["BF-503 on labels", "carrier says BF-503", "service unavailable", "error bf-503 again", "ML-409 once"];
    expect(commonCode([0, 1, 2, 3], (i) => texts[i]!)).toBe("BF-503");
    expect(commonCode([0, 2, 4], (i) => texts[i]!)).toBeUndefined();
  });

  it("joins the groups whose fragments share a code, keeping the others apart", () => {
    // Fragments 0-1 are already one group (0); 2 and 4 quote BF-503 like fragment 0; 3 has no code.
    expect([...joinSharingCode([0, 0, 1, 2, 3], ["BF-503", undefined, "BF-503", undefined, "BF-503"])]).toEqual([0, 0, 0, 1, 0]);
    expect([...joinSharingCode([0, 1, 2], ["ML-409", "BF-503", undefined])]).toEqual([0, 1, 2]);
    // Transitive: group 0 quotes both codes, so groups 1 (ML-409) and 2 (BF-503) join it and each other.
    expect([...joinSharingCode([1, 0, 0, 2, 3], ["ML-409", "ML-409", "BF-503", "BF-503", undefined])]).toEqual([0, 0, 0, 0, 1]);
  });
});
