import type { Interaction, KnowledgeStore } from "../adapters/store/knowledge-store.js";

export interface DayStats {
  day: string;
  questions: number;
  answered: number;
  escalated: number;
  escalationReasons: Record<string, number>;
  resolved: number;
  notResolved: number;
  suggestions: number;
  used: number;
  edited: number;
  discarded: number;
}

export interface Stats {
  since: string;
  until: string;
  volumes: { articles: number; tickets: number; questions: number; suggestions: number };
  /** Questions answered and not reported unresolved, over all questions asked. */
  deflectionRate: number;
  /** Questions not escalated as no_coverage, over all questions: how much the help centre covers. */
  coverage: number;
  escalationReasons: Record<string, number>;
  suggestionUse: { usedRate: number; editedRate: number; discardedRate: number; meanEditRatio: number | null };
  /** Articles whose suggestions agents rewrote heavily: the article may be wrong or stale. */
  heavilyEditedArticles: Array<{ articleId: string; heavyEdits: number }>;
  byDay: DayStats[];
}

const emptyDay = (day: string): DayStats => ({
  day, questions: 0, answered: 0, escalated: 0, escalationReasons: {}, resolved: 0, notResolved: 0, suggestions: 0, used: 0, edited: 0, discarded: 0,
});

/** Half or more of a suggestion rewritten counts as a heavy edit. */
const HEAVY_EDIT = 0.5;

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/** Figures over the logged interactions in [since, until). */
export function computeStats(store: KnowledgeStore, since: Date, until: Date): Stats {
  const days = new Map<string, DayStats>();
  const reasons: Record<string, number> = {};
  let deflected = 0;
  const editRatios: number[] = [];
  const heavyEdits = new Map<string, number>();
  for (const interaction of store.listInteractions({ since, until })) {
    const day = interaction.createdAt.slice(0, 10);
    const stats = days.get(day) ?? emptyDay(day);
    days.set(day, stats);
    if (interaction.kind === "answer") countAnswer(stats, interaction, reasons, () => deflected++);
    else countSuggestion(stats, interaction, editRatios);
    if ((interaction.editRatio ?? 0) >= HEAVY_EDIT) {
      const articleId = interaction.sourceIds.find((id) => store.get("article", id) !== undefined);
      if (articleId) heavyEdits.set(articleId, (heavyEdits.get(articleId) ?? 0) + 1);
    }
  }
  const byDay = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  const total = (key: keyof Omit<DayStats, "day" | "escalationReasons">) => byDay.reduce((sum, d) => sum + d[key], 0);
  const questions = total("questions");
  const suggestions = total("suggestions");
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    volumes: { articles: store.count("article"), tickets: store.count("ticket"), questions, suggestions },
    deflectionRate: rate(deflected, questions),
    coverage: rate(questions - (reasons.no_coverage ?? 0), questions),
    escalationReasons: reasons,
    suggestionUse: {
      usedRate: rate(total("used"), suggestions),
      editedRate: rate(total("edited"), suggestions),
      discardedRate: rate(total("discarded"), suggestions),
      meanEditRatio: editRatios.length ? rate(editRatios.reduce((a, b) => a + b, 0), editRatios.length) : null,
    },
    heavilyEditedArticles: [...heavyEdits].map(([articleId, count]) => ({ articleId, heavyEdits: count })).sort((a, b) => b.heavyEdits - a.heavyEdits),
    byDay,
  };
}

function countAnswer(stats: DayStats, interaction: Interaction, reasons: Record<string, number>, deflect: () => void): void {
  stats.questions++;
  if (interaction.decision === "answer") {
    stats.answered++;
    if (interaction.outcome !== "not_resolved" && interaction.outcome !== "escalated") deflect();
  } else {
    stats.escalated++;
    const reason = interaction.reason ?? "unknown";
    stats.escalationReasons[reason] = (stats.escalationReasons[reason] ?? 0) + 1;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  if (interaction.outcome === "resolved") stats.resolved++;
  if (interaction.outcome === "not_resolved") stats.notResolved++;
}

function countSuggestion(stats: DayStats, interaction: Interaction, editRatios: number[]): void {
  stats.suggestions++;
  if (interaction.outcome === "used") stats.used++;
  if (interaction.outcome === "edited") stats.edited++;
  if (interaction.outcome === "discarded") stats.discarded++;
  if (interaction.editRatio !== undefined) editRatios.push(interaction.editRatio);
}
