import { describe, expect, it } from "vitest";
import { extractiveDrafter } from "../../../src/gaps/draft.js";
import { growthOf, impactAround, majorityBrand, weeklyTrend } from "../../../src/gaps/describe.js";
import type { WindowItem } from "../../../src/gaps/collect.js";

const DAY = 24 * 3600 * 1000;
const item = (brand?: string): WindowItem => ({ id: "t", kind: "ticket", text: "q", subject: "q", at: 0, ...(brand ? { brand } : {}) });

describe("gap description", () => {
  it("defines growth as (now − before) / max(before, 1)", () => {
    expect(growthOf(15, 10)).toBe(0.5);
    expect(growthOf(5, 10)).toBe(-0.5);
    expect(growthOf(10, 0)).toBe(10);
  });

  it("counts tickets per week from the start of the period", () => {
    const since = Date.parse("2026-01-01T00:00:00Z");
    const trend = weeklyTrend([since, since + 1 * DAY, since + 8 * DAY, since + 20 * DAY, since - DAY], since, since + 21 * DAY);
    expect(trend.map((w) => w.count)).toEqual([2, 1, 1]);
    expect(trend[1]!.weekStart).toBe("2026-01-08T00:00:00.000Z");
  });

  it("names a brand only when most members carry it", () => {
    expect(majorityBrand([item("acme"), item("acme"), item("other")])).toBe("acme");
    expect(majorityBrand([item("acme"), item("other"), item()])).toBeUndefined();
  });

  it("compares volume and answer rate over equal spans before and after the covering article", () => {
    const articleAt = 14 * DAY;
    const tickets = [1, 2, 3, 4, 5, 6, 10, 11, 15].map((d) => d * DAY);
    const answers = [
      { text: "", at: 3 * DAY, failed: true },
      { text: "", at: 4 * DAY, failed: true },
      { text: "", at: 16 * DAY, failed: false },
      { text: "", at: 17 * DAY, failed: true },
    ];
    const impact = impactAround("kb-new", articleAt, tickets, answers, 0, 28 * DAY);
    expect(impact.before).toEqual({ ticketsPerWeek: 4, answerRate: 0 });
    expect(impact.after).toEqual({ ticketsPerWeek: 0.5, answerRate: 0.5 });
  });
});

describe("extractive draft", () => {
  it("outlines what agents told customers, without greetings or repeats", async () => {
    const draft = await extractiveDrafter.draft({
      label: "Customs duties",
      keywords: ["customs duties", "prepay", "ddp"],
      questions: ["Who pays customs duties?"],
      subjects: ["Who pays customs duties?", "Duties"],
      resolutions: [
        "Hi Anna, thanks for reaching out. You can prepay customs duties by choosing DDP when you buy the label. Best regards",
        "Hello! To prepay customs duties, choose DDP when you buy the label. The duties then appear on your invoice.",
        "Choose DDP at checkout so the customs duties are prepaid; the buyer pays nothing on delivery.",
      ],
    });
    expect(draft.title).toBe("Who pays customs duties");
    expect(draft.outline.length).toBeGreaterThanOrEqual(2);
    expect(draft.outline.join(" ")).toMatch(/DDP/);
    expect(draft.outline.some((point) => /^(hi|hello|best|thanks)/i.test(point))).toBe(false);
    expect(new Set(draft.outline.map((p) => p.toLowerCase())).size).toBe(draft.outline.length);
  });

  it("lists the questions to answer when no agent has resolved one yet", async () => {
    const draft = await extractiveDrafter.draft({ label: "Customs duties", keywords: ["customs"], questions: ["Who pays duties?", "Can I prepay?"], subjects: [], resolutions: [] });
    expect(draft).toEqual({ title: "Customs duties", outline: ["Answer: Who pays duties?", "Answer: Can I prepay?"] });
  });
});
