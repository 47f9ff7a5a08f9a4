import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { csvCell, exportReport, mdText } from "../../../src/gaps/export.js";
import type { Gap, GapReport } from "../../../src/gaps/gap.schema.js";

const gap: Gap = {
  id: "gap_1", label: 'Customs "duties", Norway', keywords: ["customs duties", "norway"], ticketCount: 3, ticketIds: ["t1", "t2", "t3"], questionCount: 0,
  sampleQuestions: ["Who pays duties,\nme or the buyer?", "=HYPERLINK(\"http://evil\")", "<img src=x onerror=alert(1)> *bold*"],
  sampleSources: ["ticket:t1", "ticket:t2", "ticket:t3"],
  growth: 0.5, previousTicketCount: 2, trend: [{ weekStart: "2026-01-01T00:00:00.000Z", count: 3 }],
  nearestArticle: { id: "kb-1", title: "Customs forms", score: 0.61 },
  coverage: { score: 0, linkedShare: 0, medianArticleSimilarity: 0.6, failedAnswers: 0, reason: "no_article" },
  status: "open", draft: { title: "Customs duties", outline: ["Explain who pays", "Link the duty calculator"] }, firstSeenAt: "2026-01-01T00:00:00.000Z",
};
const report: GapReport = {
  runId: "run_1", generatedAt: "2026-01-02T00:00:00.000Z", since: "2025-12-03T00:00:00.000Z", until: "2026-01-02T00:00:00.000Z",
  ticketsAnalyzed: 10, questionsAnalyzed: 0, topicsFound: 2, coveredTopics: 1, noiseShare: 0.2, gaps: [gap],
  stats: { durationMs: 1, peakRssMb: 1, edgeFloor: 0.5, resolution: 1, minTickets: 3 },
};

describe("gap report export", () => {
  it("writes CSV that a parser reads back cell for cell, quotes and newlines included", () => {
    const file = exportReport(report, "csv");
    expect(file).toMatchObject({ filename: "knowledge-gaps-run_1.csv", contentType: expect.stringContaining("text/csv") });
    const [header, row] = parse(file.body) as string[][];
    expect(header).toContain("label");
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell("label")).toBe('Customs "duties", Norway');
    expect(cell("sampleQuestions")).toContain("Who pays duties,\nme or the buyer?");
    expect(cell("ticketIds")).toBe("t1 t2 t3");
  });

  it("defuses spreadsheet formulas coming from ticket text", () => {
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it("exports JSON identical to the report", () => {
    const file = exportReport(report, "json");
    expect(JSON.parse(file.body)).toEqual(report);
    expect(file.filename).toBe("knowledge-gaps-run_1.json");
  });

  it("writes Markdown with ticket text escaped so it cannot become markup", () => {
    const file = exportReport(report, "md");
    expect(file.filename).toBe("knowledge-gaps-run_1.md");
    expect(file.body).toContain("## Customs \"duties\", Norway");
    expect(file.body).toContain("\\<img src=x onerror=alert\\(1\\)\\> \\*bold\\*");
    expect(file.body).not.toMatch(/(^|[^\\])<img/);
    expect(file.body).toContain("1. Explain who pays");
    expect(mdText("a|b [c](d)")).toBe("a\\|b \\[c\\]\\(d\\)");
  });
});
