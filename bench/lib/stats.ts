/** Small statistics helpers; percentiles use the nearest-rank method so every reported value was observed. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  return {
    count: latenciesMs.length,
    p50: round(percentile(latenciesMs, 50), 2),
    p95: round(percentile(latenciesMs, 95), 2),
    p99: round(percentile(latenciesMs, 99), 2),
    max: round(latenciesMs.length ? Math.max(...latenciesMs) : Number.NaN, 2),
    mean: round(mean(latenciesMs), 2),
  };
}

/** Least-squares slope of y over x (e.g. MB per minute), the "trend" of a memory series. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  if (points.length < 2) return Number.NaN;
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const share = (part: number, whole: number): number => (whole === 0 ? Number.NaN : round((100 * part) / whole, 1));

export const seconds = (sinceMs: number): number => (performance.now() - sinceMs) / 1000;

/**
 * 95 % Wilson score interval of a proportion, in per cent: what a figure measured on a sample of
 * `whole` questions could be on the full set (it stays sensible near 0 and 100 %, unlike ± 1.96 σ).
 */
export function wilson95(part: number, whole: number): [number, number] {
  if (whole === 0) return [Number.NaN, Number.NaN];
  const z = 1.96;
  const p = part / whole;
  const centre = (p + (z * z) / (2 * whole)) / (1 + (z * z) / whole);
  const half = (z * Math.sqrt((p * (1 - p)) / whole + (z * z) / (4 * whole * whole))) / (1 + (z * z) / whole);
  return [round(100 * Math.max(0, centre - half), 1), round(100 * Math.min(1, centre + half), 1)];
}
