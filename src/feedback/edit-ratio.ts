import { diffWords } from "diff";

/** Share of the words of the suggestion the agent removed or replaced (0 = sent as is, 1 = rewritten). */
export function editRatio(suggested: string, sent: string): number {
  const parts = diffWords(suggested, sent);
  const count = (text: string) => text.split(/\s+/).filter(Boolean).length;
  const total = count(suggested);
  if (total === 0) return count(sent) > 0 ? 1 : 0;
  const removed = parts.filter((part) => part.removed).reduce((sum, part) => sum + count(part.value), 0);
  const added = parts.filter((part) => part.added).reduce((sum, part) => sum + count(part.value), 0);
  return Math.min(1, Math.round((Math.max(removed, added) / Math.max(total, count(sent))) * 1000) / 1000);
}
