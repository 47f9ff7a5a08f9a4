import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { KnowledgeIndex } from "../adapters/index/knowledge-index.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import { embedWithCache } from "../ingest/embed-cache.js";
import { ticketQuestionText } from "../ingest/prepare.js";
import { isSolved } from "../ingest/knowledge.schema.js";
import { FEATURE_NAMES, gatherEvidence } from "./evidence.js";
import { fitLogistic, predict, type LogisticModel } from "./logistic.js";
import { seededShuffle } from "../shared/random.js";

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  accuracy: number;
}

export interface Calibration {
  model: LogisticModel;
  /** Answer only at or above this confidence. */
  threshold: number;
  source: "default" | "history";
  /** The embedding model the features were computed with: another model's calibration does not apply. */
  modelId?: string;
  samples: number;
  /** Of those, the ones whose agent linked an article: a refit is due when links change, too. */
  linkedSamples?: number;
  /** Articles in the index at the fit: what a linked ticket's answer could be found among. */
  articles?: number;
  fittedAt?: string;
  /**
   * Held-out figures: how confidence matched reality on tickets the fit did not see.
   * wrongAmongAnswered counts the right answers the observed links imply (linked right answers ÷
   * linkRate, the rate the threshold was chosen with; 1 when agents link every time). The bins'
   * accuracy is the linked share as observed.
   */
  heldOut?: { count: number; answered: number; wrongAmongAnswered: number; linkRate?: number; bins: CalibrationBin[] };
  /**
   * The fit on history for the gap report, kept even when no answer threshold could be vouched for:
   * it judges whether articles cover tickets, a question that sends nothing to customers.
   */
  coverage?: CoverageFit;
}

export interface CoverageFit {
  model: LogisticModel;
  /** Estimated share of the tickets an article answered that agents linked it on (see linkRateOf). */
  linkRate: number;
}

/**
 * Used until the help desk has enough linked history to fit its own: passage similarity and margin
 * only, with coefficients fitted on BANKING77 *training* questions without history (test questions
 * unseen) and a threshold that kept wrong answers near 2 % there. Deliberately conservative.
 */
export const DEFAULT_CALIBRATION: Calibration = {
  model: { weights: [0, 0, 0, 4.5, 6.26, 0, 0, 0], bias: -3.77 },
  threshold: 0.8,
  source: "default",
  samples: 0,
};

const KEY = "answers:calibration";
const MIN_SAMPLES = 200;
const MAX_SAMPLES = 3000;

export function readCalibration(store: KnowledgeStore, modelId: string): Calibration {
  const saved = store.kv.get(KEY) as Calibration | undefined;
  return saved && saved.modelId === modelId ? saved : DEFAULT_CALIBRATION;
}

export const confidenceOf = (calibration: Calibration, features: number[]) => predict(calibration.model, features);

/** Solved tickets, those of them with a linked article, and the articles indexed: what a fit learns from. */
export interface HistoryCounts {
  solved: number;
  linked: number;
  articles: number;
}

/**
 * Whether history changed enough since the last fit to be worth a new one: a tenth more or fewer
 * solved tickets, or a tenth more or fewer links (agents who start linking articles on tickets already
 * solved change what the fit learns without adding a ticket). A fit that ended on the default (too few
 * links, or no threshold it could vouch for) counts as a fit: it used to be redone after every import,
 * which on a desk that sends tickets one at a time meant reading every stored ticket per ticket. It is
 * tried again once the articles change, though: tickets imported before the articles they link teach
 * the fit nothing until those articles exist. (A fit on history is not redone for article changes: it
 * already learned from the articles agents use.)
 */
export function calibrationIsStale(store: KnowledgeStore, history: HistoryCounts, modelId: string): boolean {
  const current = readCalibration(store, modelId);
  if (history.solved < MIN_SAMPLES) return false;
  const movedByATenth = (now: number, then: number) => Math.abs(now - then) >= Math.max(50, then * 0.1);
  return (
    current.modelId === undefined ||
    movedByATenth(history.solved, current.samples) ||
    (current.linkedSamples !== undefined && movedByATenth(history.linked, current.linkedSamples)) ||
    (current.source === "default" && current.articles !== undefined && history.articles !== current.articles)
  );
}

export interface CalibrationDeps {
  store: KnowledgeStore;
  index: KnowledgeIndex;
  embedder: Embedder;
}

/**
 * Fits confidence on the help desk's own history, leave-one-out: each solved ticket is asked as if
 * new (itself excluded), and the answer counts as right when the chosen article is one the agent
 * linked. Solved tickets without links count as questions no article answered. 70 % of the samples
 * fit the model, the other 30 % choose the threshold and measure calibration, so the figures reported
 * are on data the fit did not see.
 */
export async function calibrateFromHistory(deps: CalibrationDeps, targetError: number, seed = 1): Promise<Calibration> {
  const tickets = [...deps.store.list("ticket")].filter((t) => isSolved(t.status) && deps.index.indexedHash("ticket", t.id) !== undefined);
  const linked = tickets.filter((t) => (t.articleIds ?? []).length > 0).length;
  // Without a real share of linked tickets, "no link" says nothing about coverage.
  const articles = deps.index.count("article");
  if (tickets.length < MIN_SAMPLES || linked < tickets.length * 0.05) return { ...DEFAULT_CALIBRATION, samples: tickets.length, linkedSamples: linked, articles, modelId: deps.embedder.modelId };
  const sample = seededShuffle(tickets, seed).slice(0, MAX_SAMPLES);
  const vectors = await embedWithCache(deps.store, deps.embedder, sample.map(ticketQuestionText));
  const rows: Array<{ x: number[]; y: number }> = [];
  for (const [i, ticket] of sample.entries()) {
    // In embedded mode this runs beside the API: give the event loop a turn now and then.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    const evidence = gatherEvidence(deps.index, { vector: vectors[i]!, text: ticketQuestionText(ticket), brand: ticket.brand, excludeTicketId: ticket.id });
    const top = evidence.candidates[0]?.articleId;
    rows.push({ x: evidence.features, y: top !== undefined && (ticket.articleIds ?? []).includes(top) ? 1 : 0 });
  }
  const cut = Math.floor(rows.length * 0.7);
  const fit = rows.slice(0, cut);
  const model = fitLogistic(fit.map((r) => r.x), fit.map((r) => r.y));
  const scoredRows = rows.map((r) => ({ p: predict(model, r.x), right: r.y === 1 }));
  const descending = (list: typeof scoredRows) => [...list].sort((a, b) => b.p - a.p);
  const scored = descending(scoredRows.slice(cut));
  // The link rate is read off every sample, not only the held-out ones: a tenth of the held-out
  // questions (about 90 of 3,000) leaves its interval too wide to correct anything. Ranking the fit's
  // own samples by the fit puts the linked ones a little higher, which errs towards a higher rate.
  const everySample = descending(scoredRows);
  const coverage = { model, linkRate: linkRateOf(everySample) };
  // A link agents left out reads as a wrong answer, so on a history where they often do, no threshold
  // could be vouched for. The choice counts the right answers the observed links imply instead, by the
  // upper end of the link rate's interval: chance can only make the correction smaller.
  const linkRate = coverage.linkRate >= MIN_LINK_RATE ? linkRateUpperBound(everySample) : 1;
  const threshold = chooseThreshold(scored, targetError, { linkRate });
  // A small history cannot vouch for any threshold (a few dozen held-out questions leave the error
  // bound wide, and the link rate's interval with it): until it can, the conservative default
  // answers, as it does before history exists.
  if (threshold > 1) return { ...DEFAULT_CALIBRATION, samples: tickets.length, linkedSamples: linked, articles, modelId: deps.embedder.modelId, coverage };
  const answered = scored.filter((s) => s.p >= threshold);
  const impliedRight = Math.min(answered.length, answered.filter((s) => s.right).length / linkRate);
  return {
    model,
    threshold,
    source: "history",
    modelId: deps.embedder.modelId,
    samples: tickets.length,
    linkedSamples: linked,
    articles,
    fittedAt: new Date().toISOString(),
    coverage,
    heldOut: {
      count: scored.length,
      answered: answered.length,
      wrongAmongAnswered: answered.length ? (answered.length - impliedRight) / answered.length : 0,
      linkRate,
      bins: reliabilityBins(scored),
    },
  };
}

/**
 * How often agents link the article when one answered the ticket, estimated from the questions the
 * fit is surest of: among the most confident tenth, nearly every top article is right,
 * so the share whose agent linked it is the link rate. A missing link makes the fit read "no article
 * answered", so when links are missing at random (Elkan & Noto 2008, "Learning classifiers from only
 * positive and unlabeled data") the fit's probability is about the link rate times the probability that
 * the article answers; dividing by the estimate restores the latter where the gap report reads it,
 * around ½ (a logistic fit of that product is only near it; tests/unit/answers/logistic.test.ts). An
 * estimate from the very top errs low when some sure answers are wrong, which makes articles look a
 * little better: the gap report accepts that, and the answer threshold takes the interval's upper end.
 */
export function linkRateOf(scoredDescending: ReadonlyArray<{ right: boolean }>): number {
  const top = surest(scoredDescending);
  return top.length ? top.filter((s) => s.right).length / top.length : 0;
}

/** The upper end of the link rate's one-sided 95 % interval: 1 when every sure answer was linked. */
export function linkRateUpperBound(scoredDescending: ReadonlyArray<{ right: boolean }>): number {
  const top = surest(scoredDescending);
  // Rounded up to three places: the bound of an all-linked tenth is 1 less a rounding error.
  return Math.min(1, Math.ceil(wilsonUpperBound(top.filter((s) => s.right).length, top.length) * 1000) / 1000);
}

/** The questions the fit is surest of: the top tenth, at least 20. */
const surest = <T>(scoredDescending: readonly T[]): readonly T[] => scoredDescending.slice(0, Math.max(20, Math.ceil(scoredDescending.length / 10)));

/**
 * Below this estimated link rate most answered tickets carry no link, and a ticket without one says
 * too little about whether an article answered it: neither the answer threshold nor the gap report's
 * probe is corrected by it then.
 */
export const MIN_LINK_RATE = 0.5;

export async function saveCalibration(store: KnowledgeStore, calibration: Calibration): Promise<void> {
  await store.kv.put(KEY, calibration);
}

/**
 * The lowest confidence at which answering everything above it stays within the error target, with
 * 95 % confidence: the one-sided Wilson upper bound of the wrong share among the answered held-out
 * questions must be within the target, not just the share itself. Scanning down for the last point
 * where the observed share is within target picks the luckiest stretch of a few hundred questions;
 * on new questions the share came out higher (BANKING77: 5.9 % wrong against a 4 % target).
 */
export function chooseThreshold(scoredDescending: Array<{ p: number; right: boolean }>, targetError: number, options: { floor?: number; linkRate?: number } = {}): number {
  const { floor = 0.5, linkRate = 1 } = options;
  let right = 0;
  let threshold = 1.01;
  scoredDescending.forEach((s, i) => {
    if (s.right) right++;
    // A threshold answers every question at or above it, so only the last of equal scores decides.
    if (scoredDescending[i + 1]?.p === s.p) return;
    const answered = i + 1;
    // `right` counts linked right answers; with links missing at `linkRate`, they stand for right / linkRate.
    const wrong = answered - Math.min(answered, right / linkRate);
    if (wilsonUpperBound(wrong, answered) <= targetError && s.p >= floor) threshold = s.p;
  });
  return threshold;
}

/**
 * One-sided 95 % Wilson score upper bound of a proportion (z = 1.645). Three lines of textbook
 * arithmetic; no statistics package is worth a dependency for it.
 */
export function wilsonUpperBound(failures: number, trials: number, z = 1.645): number {
  if (trials === 0) return 1;
  const share = failures / trials;
  const z2 = z * z;
  return (share + z2 / (2 * trials) + z * Math.sqrt((share * (1 - share)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
}

export function reliabilityBins(scored: Array<{ p: number; right: boolean }>, edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): CalibrationBin[] {
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1]!;
    const inBin = scored.filter((s) => s.p >= from && s.p < to);
    return { from, to: Math.min(to, 1), count: inBin.length, accuracy: inBin.length ? inBin.filter((s) => s.right).length / inBin.length : 0 };
  });
}

export { FEATURE_NAMES };
