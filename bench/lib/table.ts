/** Prints rows as an aligned plain-text table (what a terminal and a CI log both show well). */
export type Cell = string | number | boolean | undefined | null;

export function formatCell(value: Cell): string {
  if (value === undefined || value === null) return "–";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "–";
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  }
  return String(value);
}

export function renderTable(title: string, headers: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map(formatCell));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)));
  // Text columns read best left-aligned, figures right-aligned so their digits line up.
  const figure = (cell: Cell) => cell === undefined || cell === null || typeof cell === "number" || /^(-?[\d.,]+( %|\/s| s| ms| MB)?|–|)$/.test(String(cell));
  const numeric = headers.map((_, i) => rows.every((row) => figure(row[i])));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ");
  return [`\n${title}`, line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export function printTable(title: string, headers: string[], rows: Cell[][]): void {
  process.stdout.write(`${renderTable(title, headers, rows)}\n`);
}
