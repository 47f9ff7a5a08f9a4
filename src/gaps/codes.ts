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
 * (`codes`, per fragment). Returns the new group per fragment, numbered from 0 in order of appearance.
 */
export function joinSharingCode(groupOf: ArrayLike<number>, codes: ReadonlyArray<string | undefined>): Int32Array {
  const parent = new Map<number, number>();
  const root = (g: number): number => {
    const p = parent.get(g) ?? g;
    return p === g ? g : root(p);
  };
  const groupWithCode = new Map<string, number>();
  Array.from(groupOf).forEach((group, fragment) => {
    const code = codes[fragment];
    if (code === undefined) return;
    const seen = groupWithCode.get(code);
    if (seen === undefined) groupWithCode.set(code, group);
    else if (root(seen) !== root(group)) parent.set(root(group), root(seen));
  });
  const numbering = new Map<number, number>();
  return Int32Array.from(groupOf, (group) => {
    const r = root(group);
    if (!numbering.has(r)) numbering.set(r, numbering.size);
    return numbering.get(r)!;
  });
}
