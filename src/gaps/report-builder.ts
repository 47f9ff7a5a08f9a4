import { newId } from "../shared/ids.js";
import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import { ticketResolution } from "../ingest/prepare.js";
import type { CollectedWindow, Period, WindowItem } from "./collect.js";
import type { Coverage, ArticleChunkVector } from "./coverage.js";
import type { TopicShape } from "./assign.js";
import { extractiveDrafter, type GapDrafter } from "./draft.js";
import type { Gap, GapReport } from "./gap.schema.js";
import type { GapState, OutboxEvent } from "./gap-store.js";
import { topicKeywords } from "./keywords.js";
import { decide, matchToStates, type Decision, type TopicCandidate } from "./review.js";
import { growthOf, impactAround, majorityBrand, sampleQuestions, weeklyTrend } from "./describe.js";

export interface AnalysedTopic {
  /** Row indices into the window's items, most central first. */
  members: number[];
  centroid: Float32Array;
  shape: TopicShape;
  /** The shapes of the fragments a joined gap was made of (see siblings.ts); absent when found whole. */
  parts?: TopicShape[];
  coverage: Coverage & { nearest?: { id: string; title: string; score: number } };
}

export interface BuildInput {
  runId: string;
  now: Date;
  period: Period;
  minTickets: number;
  items: WindowItem[];
  window: CollectedWindow;
  topics: AnalysedTopic[];
  chunks: ArticleChunkVector[];
  answerTopics: Int32Array;
  previousTopics: (shapes: TopicShape[]) => Int32Array;
  states: GapState[];
  store: KnowledgeStore;
  drafter?: GapDrafter;
  stats: GapReport["stats"];
}

/** Agents' replies from this many central solved members feed the draft (bounded work per gap). */
const DRAFT_SOURCES = 100;

/** Turns analysed topics into the report: identity, review decisions, descriptions and webhook events. */
export async function buildReport(input: BuildInput): Promise<{ report: GapReport; states: GapState[]; events: OutboxEvent[] }> {
  const nowIso = input.now.toISOString();
  const candidates: TopicCandidate[] = input.topics.map((topic) => {
    const tickets = topic.members.filter((i) => input.items[i]!.kind === "ticket");
    return {
      centroid: topic.centroid,
      memberIds: tickets.map((i) => input.items[i]!.id),
      ticketCount: tickets.length,
      covered: topic.coverage.covered,
      ...(topic.coverage.coveredBy ? { coveredBy: topic.coverage.coveredBy } : {}),
    };
  });
  const matched = matchToStates(candidates, input.states);
  const reported: Array<{ t: number; decision: Decision; state?: GapState }> = [];
  input.topics.forEach((_, t) => {
    const decision = decide(candidates[t]!, matched.get(t), nowIso);
    if (decision) reported.push({ t, decision, ...(matched.has(t) ? { state: matched.get(t)! } : {}) });
  });

  const inReported = new Set(reported.flatMap(({ t }) => input.topics[t]!.members));
  const terms = topicKeywords(
    reported.map(({ t }) => input.topics[t]!.members.map((i) => input.items[i]!.text)),
    input.items.filter((_, i) => !inReported.has(i)).map((item) => item.text),
  );
  // Last period's tickets are placed by the fragments' own shapes: a joined gap's overall spread is wide
  // and would pull in unrelated tickets.
  const partShapes = reported.flatMap(({ t }, r) => (input.topics[t]!.parts ?? [input.topics[t]!.shape]).map((shape) => ({ shape, r })));
  const previousAssigned = Int32Array.from(input.previousTopics(partShapes.map((part) => part.shape)), (p) => (p < 0 ? -1 : partShapes[p]!.r));
  const since = input.period.since.getTime();
  const until = input.period.until.getTime();

  const gaps: Gap[] = [];
  const states: GapState[] = [];
  const events: OutboxEvent[] = [];
  for (const [r, { t, decision, state }] of reported.entries()) {
    const topic = input.topics[t]!;
    const members = topic.members.map((i) => input.items[i]!);
    const tickets = members.filter((m) => m.kind === "ticket");
    const previousTimes = input.window.previous.filter((_, p) => previousAssigned[p] === r).map((p) => p.at);
    const { keywords, label } = terms[r]!;
    const samples = sampleQuestions(members);
    const draft = await (input.drafter ?? extractiveDrafter).draft({
      label,
      keywords,
      questions: sampleQuestions(members, 8).questions,
      subjects: tickets.slice(0, 20).map((m) => m.subject),
      resolutions: resolutionsOf(input.store, tickets),
    });
    const coveredBy = decision.coveredBy ?? state?.coveredBy;
    const coveredAt = decision.coveredAt ?? state?.coveredAt;
    const gap: Gap = {
      id: state?.id ?? `gap_${newId()}`,
      label,
      keywords,
      ticketCount: tickets.length,
      ticketIds: tickets.map((m) => m.id),
      questionCount: members.length - tickets.length,
      sampleQuestions: samples.questions,
      sampleSources: samples.sources,
      growth: growthOf(tickets.length, previousTimes.length),
      previousTicketCount: previousTimes.length,
      trend: weeklyTrend(tickets.map((m) => m.at), since, until),
      ...(majorityBrand(members) ? { brand: majorityBrand(members)! } : {}),
      ...(topic.coverage.nearest ? { nearestArticle: topic.coverage.nearest } : {}),
      coverage: coverageView(topic.coverage),
      status: decision.status,
      ...(state?.note ? { note: state.note } : {}),
      draft,
      firstSeenAt: state?.firstSeenAt ?? nowIso,
      ...(coveredAt && decision.status === "covered" ? { coveredAt } : {}),
      ...(decision.status === "covered" && coveredBy ? { impact: impactOf(input, coveredBy, [...tickets.map((m) => m.at), ...previousTimes], t) } : {}),
    };
    gaps.push(gap);
    states.push(nextState(gap, state, decision, topic, input.runId));
    if (decision.event) events.push(outboxEvent(decision.event, gap, nowIso));
  }
  gaps.sort((a, b) => b.ticketCount - a.ticketCount || b.growth - a.growth);
  const noise = input.items.length - input.topics.reduce((sum, topic) => sum + topic.members.length, 0);
  const report: GapReport = {
    runId: input.runId,
    generatedAt: nowIso,
    since: input.period.since.toISOString(),
    until: input.period.until.toISOString(),
    ticketsAnalyzed: input.items.filter((item) => item.kind === "ticket").length,
    questionsAnalyzed: input.items.filter((item) => item.kind === "question").length,
    topicsFound: input.topics.length,
    coveredTopics: input.topics.filter((topic) => topic.coverage.covered).length,
    noiseShare: input.items.length ? Math.round((1000 * noise) / input.items.length) / 1000 : 0,
    gaps,
    stats: input.stats,
  };
  return { report, states, events };
}

function resolutionsOf(store: KnowledgeStore, tickets: WindowItem[]): string[] {
  return tickets
    .filter((m) => m.solvedLinks !== undefined)
    .slice(0, DRAFT_SOURCES)
    .flatMap((m) => {
      const stored = store.get("ticket", m.id);
      const reply = stored ? ticketResolution(stored) : undefined;
      return reply ? [reply] : [];
    });
}

function coverageView(coverage: AnalysedTopic["coverage"]): Gap["coverage"] {
  const { covered: _covered, nearest: _nearest, ...view } = coverage;
  return view;
}

function impactOf(input: BuildInput, articleId: string, ticketTimes: number[], t: number): Gap["impact"] {
  const article = input.store.get("article", articleId);
  const articleAt = Date.parse(article?.updatedAt ?? article?.storedAt ?? input.now.toISOString());
  const answers = input.window.answers.filter((_, a) => input.answerTopics[a] === t);
  const earliest = input.period.since.getTime() - (input.period.until.getTime() - input.period.since.getTime());
  return impactAround(articleId, articleAt, ticketTimes, answers, earliest, input.period.until.getTime());
}

function nextState(gap: Gap, previous: GapState | undefined, decision: Decision, topic: AnalysedTopic, runId: string): GapState {
  return {
    id: gap.id,
    status: decision.status,
    ...(previous?.note ? { note: previous.note } : {}),
    centroid: Array.from(topic.centroid),
    memberIds: gap.ticketIds,
    ticketCount: gap.ticketCount,
    firstSeenAt: gap.firstSeenAt,
    lastSeenRunId: runId,
    ...(previous?.dismissedAtCount !== undefined && decision.status === "dismissed" ? { dismissedAtCount: previous.dismissedAtCount } : {}),
    ...(gap.coveredAt ? { coveredAt: gap.coveredAt } : {}),
    ...((decision.coveredBy ?? previous?.coveredBy) ? { coveredBy: decision.coveredBy ?? previous?.coveredBy } : {}),
    history: [...(previous?.history ?? []), ...(decision.history ? [decision.history] : [])],
    lastGap: gap,
  };
}

function outboxEvent(type: OutboxEvent["type"], gap: Gap, at: string): OutboxEvent {
  // Webhooks carry the gap's summary, not ticket text: receivers fetch details with their own key.
  const { id, label, keywords, ticketCount, growth, status, nearestArticle, coverage, impact } = gap;
  return { id: newId(), type, payload: { type, at, gap: { id, label, keywords, ticketCount, growth, status, nearestArticle, coveredBy: coverage.coveredBy, impact } }, attempts: 0, nextAttemptAt: 0, createdAt: at };
}
