import { terms } from "./stopwords.js";

export interface DraftInput {
  label: string;
  keywords: string[];
  /** Member questions, most representative first. */
  questions: string[];
  /** Member subjects, most representative first. */
  subjects: string[];
  /** Agents' final replies on solved member tickets. */
  resolutions: string[];
}

export interface GapDraft {
  title: string;
  outline: string[];
}

/** Writes a suggested article for a gap. The extractive one is offline; an LLM one can replace it. */
export interface GapDrafter {
  draft(input: DraftInput): Promise<GapDraft>;
}

const GREETING = /^(hi|hello|hey|dear|thanks|thank you|many thanks|best|kind regards|regards|cheers|sorry|apologies|good (morning|afternoon|evening))\b/i;
const MAX_POINTS = 6;

/**
 * Builds the outline from what agents actually told customers: resolution sentences ranked by how
 * many of the topic's keywords they use and how many resolutions say something similar, with
 * greetings, sign-offs and near-duplicates left out. The title is the most representative subject.
 */
export const extractiveDrafter: GapDrafter = {
  async draft(input) {
    const keywordTerms = new Set(input.keywords.flatMap((k) => [k, ...k.split(" ")]));
    const sentences = input.resolutions.flatMap(splitSentences).filter((s) => s.split(/\s+/).length >= 4 && !GREETING.test(s));
    const termSets = sentences.map((s) => new Set(terms(s)));
    const support = termSets.map((set) => termSets.filter((other) => jaccard(set, other) >= 0.3).length);
    const ranked = sentences
      .map((text, i) => ({ text, score: [...termSets[i]!].filter((t) => keywordTerms.has(t)).length + Math.log1p(support[i]!) }))
      .sort((a, b) => b.score - a.score);
    const outline: string[] = [];
    const chosen: Array<Set<string>> = [];
    for (const candidate of ranked) {
      const set = new Set(terms(candidate.text));
      if (candidate.score <= 0 || chosen.some((c) => jaccard(c, set) >= 0.5)) continue;
      outline.push(candidate.text);
      chosen.push(set);
      if (outline.length >= MAX_POINTS) break;
    }
    if (outline.length < 2) {
      // No usable resolutions yet (open tickets, escalated questions): outline what must be answered.
      for (const question of distinct(input.questions).slice(0, MAX_POINTS - outline.length)) outline.push(`Answer: ${clip(question, 200)}`);
    }
    return { title: titleFrom(input), outline };
  },
};

function titleFrom(input: DraftInput): string {
  const subject = input.subjects.map((s) => s.trim()).find((s) => s.length >= 8 && s.length <= 90);
  const base = subject ?? input.label;
  return clip(base.replace(/[?!.\s]+$/, ""), 120);
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[-*•\d.)\s]+/, "").trim())
    .filter(Boolean)
    .map((s) => clip(s, 300));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

const distinct = (items: string[]) => [...new Set(items.map((s) => s.trim()).filter(Boolean))];
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
