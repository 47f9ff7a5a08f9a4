import type { WindowItem, AnswerRecord } from "./collect.js";
import { clip } from "./draft.js";

const WEEK = 7 * 24 * 3600 * 1000;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Growth: (this period − previous equal-length period) / max(previous, 1). 0 → 10 reads as +10. */
export const growthOf = (current: number, previous: number): number => round((current - previous) / Math.max(previous, 1));

/** Member tickets per week from `since`; the last bucket may be a partial week. */
export function weeklyTrend(times: readonly number[], since: number, until: number): Array<{ weekStart: string; count: number }> {
  const weeks = Math.max(1, Math.ceil((until - since) / WEEK));
  const counts = new Array<number>(weeks).fill(0);
  for (const at of times) {
    const w = Math.floor((at - since) / WEEK);
    if (w >= 0 && w < weeks) counts[w]!++;
  }
  return counts.map((count, w) => ({ weekStart: new Date(since + w * WEEK).toISOString(), count }));
}

/** Distinct member questions, most central first, clipped for display, with where each came from. */
export function sampleQuestions(itemsByCentrality: readonly WindowItem[], count = 5): { questions: string[]; sources: string[] } {
  const seen = new Set<string>();
  const questions: string[] = [];
  const sources: string[] = [];
  for (const item of itemsByCentrality) {
    const text = clip(item.text.replace(/\s+/g, " ").trim(), 300);
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    questions.push(text);
    sources.push(`${item.kind}:${item.id}`);
    if (questions.length >= count) break;
  }
  return { questions, sources };
}

/** The brand most members carry, when it is a majority. */
export function majorityBrand(items: readonly WindowItem[]): string | undefined {
  const counts = new Map<string, number>();
  for (const item of items) if (item.brand) counts.set(item.brand, (counts.get(item.brand) ?? 0) + 1);
  const [brand, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return brand && n! * 2 > items.length ? brand : undefined;
}

export interface Impact {
  articleId: string;
  articleAt: string;
  before: { ticketsPerWeek: number; answerRate?: number };
  after: { ticketsPerWeek: number; answerRate?: number };
}

/**
 * Before/after figures around the covering article's date: equal-length spans on both sides (as
 * long as the data reaches back), ticket volume per week and the share of instant answers given.
 */
export function impactAround(articleId: string, articleAt: number, ticketTimes: readonly number[], answers: readonly AnswerRecord[], earliest: number, until: number): Impact {
  const span = Math.max(until - articleAt, 24 * 3600 * 1000);
  const start = Math.max(earliest, articleAt - span);
  const side = (from: number, to: number) => {
    const weeks = Math.max((to - from) / WEEK, 1 / 7);
    const tickets = ticketTimes.filter((at) => at >= from && at < to).length;
    const given = answers.filter((a) => a.at >= from && a.at < to);
    return { ticketsPerWeek: round(tickets / weeks), ...(given.length > 0 ? { answerRate: round(given.filter((a) => !a.failed).length / given.length) } : {}) };
  };
  return { articleId, articleAt: new Date(articleAt).toISOString(), before: side(start, articleAt), after: side(articleAt, until) };
}
