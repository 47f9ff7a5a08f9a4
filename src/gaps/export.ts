import type { Gap, GapReport } from "./gap.schema.js";

export type ExportFormat = "csv" | "json" | "md";

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

/** The report as a file a content team can open: JSON as served, CSV for spreadsheets, Markdown for docs. */
export function exportReport(report: GapReport, format: ExportFormat): ExportFile {
  const base = `knowledge-gaps-${report.runId}`;
  if (format === "json") return { filename: `${base}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(report, null, 2) };
  if (format === "csv") return { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: toCsv(report.gaps) };
  return { filename: `${base}.md`, contentType: "text/markdown; charset=utf-8", body: toMarkdown(report) };
}

const CSV_COLUMNS = ["id", "label", "status", "ticketCount", "growth", "keywords", "nearestArticleId", "nearestArticleTitle", "nearestArticleScore", "coverage", "sampleQuestions", "draftTitle", "ticketIds"] as const;

function toCsv(gaps: Gap[]): string {
  const rows = gaps.map((gap) => [
    gap.id, gap.label, gap.status, gap.ticketCount, gap.growth, gap.keywords.join("; "),
    gap.nearestArticle?.id ?? "", gap.nearestArticle?.title ?? "", gap.nearestArticle?.score ?? "", gap.coverage.score,
    gap.sampleQuestions.join(" | "), gap.draft?.title ?? "", gap.ticketIds.join(" "),
  ]);
  // CRLF line ends and a header row, per RFC 4180.
  return [CSV_COLUMNS, ...rows].map((cells) => cells.map((cell) => csvCell(String(cell))).join(",")).join("\r\n") + "\r\n";
}

/**
 * RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR: OWASP's CSV-injection advice), because ticket text is untrusted.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Backslash-escapes Markdown syntax and HTML brackets, so ticket text renders as the words it is. */
export function mdText(value: string): string {
  return value.replace(/\s+/g, " ").replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, "\\$1");
}

function toMarkdown(report: GapReport): string {
  const lines = [
    `# Knowledge gaps`,
    "",
    `Run ${mdText(report.runId)}, generated ${report.generatedAt}. Period ${report.since} to ${report.until}: ${report.ticketsAnalyzed} tickets analysed, ${report.gaps.length} gaps.`,
    "",
  ];
  for (const gap of report.gaps) {
    lines.push(`## ${mdText(gap.label)}`, "");
    lines.push(`- Status: ${gap.status}`, `- Tickets: ${gap.ticketCount} (growth ${formatGrowth(gap.growth)})`, `- Keywords: ${gap.keywords.map(mdText).join(", ")}`);
    if (gap.nearestArticle) lines.push(`- Nearest article: ${mdText(gap.nearestArticle.title)} (${mdText(gap.nearestArticle.id)}, score ${gap.nearestArticle.score})`);
    lines.push("", "Sample questions:", "", ...gap.sampleQuestions.map((q) => `- ${mdText(q)}`), "");
    if (gap.draft) lines.push(`Suggested article: **${mdText(gap.draft.title)}**`, "", ...gap.draft.outline.map((point, i) => `${i + 1}. ${mdText(point)}`), "");
  }
  return lines.join("\n");
}

const formatGrowth = (growth: number) => `${growth >= 0 ? "+" : ""}${Math.round(growth * 100)}%`;
