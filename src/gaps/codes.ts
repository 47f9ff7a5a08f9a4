import { createRequire } from "node:module";
import { numberedInOrder } from "./siblings.js";

/** The part of mnemonist's StaticDisjointSet used here (union-find over 0 … size − 1). */
interface DisjointSet {
  union(x: number, y: number): unknown;
  find(x: number): number;
}
// mnemonist is CommonJS with typings that declare an ES default export (see bm25-scorer.ts).
const StaticDisjointSet = createRequire(import.meta.url)("mnemonist/static-disjoint-set.js") as new (size: number) => DisjointSet;

/**
 * Error and reference codes customers quote ("BF-503", "E-1042"): one to six letters, a hyphen, two to
 * six digits, and not the head of a longer number ("INV-2026-0042" is one invoice's number, not a code
 * shared by a subject). Customers who hit the same error describe it in every other way, so their
 * tickets may share little else; the code is what agents group them by. Written by hand: it is one
 * regular expression, and no tokenizer package knows what a help desk's codes look like.
 */
const CODE = /\b([A-Za-z]{1,6})-\d{2,6}\b(?!-\d)/g;
/** "Nov-2026" is a date, however much it looks like a code. */
const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)$/i;

export function codesIn(text: string): Set<string> {
  return new Set([...text.matchAll(CODE)].filter((match) => !MONTH.test(match[1]!)).map((match) => match[0].toUpperCase()));
}

/** The code at least half of the members quote, the most quoted when several do; undefined if none. */
export function commonCode(members: readonly number[], textOf: (member: number) => string): string | undefined {
  const counts = new Map<string, number>();
  for (const member of members) for (const code of codesIn(textOf(member))) counts.set(code, (counts.get(code) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const [code, count] of counts) if (!best || count > best[1] || (count === best[1] && code < best[0])) best = [code, count];
  return best && best[1] * 2 >= members.length ? best[0] : undefined;
}

/**
 * Joins further the groups of `groupOf` (per fragment, its group) whose fragments share a common code
 * (`codes`, per fragment); joining is transitive, since a group may hold fragments of several codes.
 * Returns the new group per fragment, numbered from 0 in order of appearance.
 */
export function joinSharingCode(groupOf: ArrayLike<number>, codes: ReadonlyArray<string | undefined>): Int32Array {
  const groups = new StaticDisjointSet(Array.from(groupOf).reduce((most, group) => Math.max(most, group + 1), 0));
  const groupWithCode = new Map<string, number>();
  Array.from(groupOf).forEach((group, fragment) => {
    const code = codes[fragment];
    if (code === undefined) return;
    const seen = groupWithCode.get(code);
    if (seen === undefined) groupWithCode.set(code, group);
    else groups.union(seen, group);
  });
  return numberedInOrder(Array.from(groupOf, (group) => groups.find(group)));
}
