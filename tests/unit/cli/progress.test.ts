import { describe, expect, it } from "vitest";
import { formatSummary, lineReporter } from "../../../src/cli/progress.js";

describe("lineReporter", () => {
  it("prints changes at most once per interval, plus the final count of each phase", () => {
    const lines: string[] = [];
    let clock = 10_000;
    const reporter = lineReporter((line) => lines.push(line), 2000, () => clock);
    reporter.start("upload", 1500);
    reporter.update(500); // first change: printed
    clock += 100;
    reporter.update(1000); // too soon: held back
    clock += 100;
    reporter.update(1500); // complete: always printed
    reporter.stop();
    reporter.start("process", 1500);
    reporter.update(0);
    reporter.update(0);
    clock += 3000;
    reporter.update(700);
    clock += 10;
    reporter.update(800);
    reporter.stop(); // ends on a count not yet printed
    expect(lines).toEqual([
      "sending: 500/1500 items",
      "sending: 1500/1500 items",
      "processing: 0/1500 items",
      "processing: 700/1500 items",
      "processing: 800/1500 items",
    ]);
  });
});

describe("formatSummary", () => {
  it("reports items per kind, job outcomes, time and rate", () => {
    const text = formatSummary({
      sent: { article: 1200, ticket: 50 },
      requests: 4,
      jobs: { completed: 3, failed: [{ jobId: "j-9", kind: "article", items: 200, error: "disk full" }] },
      elapsedSeconds: 12.34,
      itemsPerSecond: 101.3,
    });
    expect(text).toBe(
      [
        "Import finished in 12.3 s",
        "  articles sent: 1,200",
        "  tickets sent:  50",
        "  jobs:          3 completed, 1 failed",
        "  throughput:    101.3 items/s",
        "  failed job j-9 (200 articles): disk full",
      ].join("\n"),
    );
  });
});
