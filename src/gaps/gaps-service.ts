import { newId } from "../shared/ids.js";
import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { JobQueue } from "../jobs/catalog.js";
import { AppError, notFound, unavailable } from "../shared/app-error.js";
import type { Gap, GapReport, GapStatus, RunRequest } from "./gap.schema.js";
import { GapStore } from "./gap-store.js";
import { exportReport, type ExportFile, type ExportFormat } from "./export.js";
import { createRedactor, type Redactor } from "../ingest/redact.js";

/** What the HTTP edge needs: start a run, read reports (with the current review status), review, export. */
/** `redact` cleans review notes before they are stored; production passes the configured redactor. */
export function createGapsService(store: KnowledgeStore, jobs: JobQueue, redact: Redactor = createRedactor({ rules: ["email", "phone", "card", "iban", "address"] })) {
  const gaps = new GapStore(store.kv);

  /** Reports are snapshots; review status and notes are live, so they are read from the gap state. */
  const withReview = (report: GapReport): GapReport => ({ ...report, gaps: report.gaps.map(reviewed) });
  const reviewed = (gap: Gap): Gap => {
    const state = gaps.getState(gap.id);
    return withoutDeleted(state ? { ...gap, status: state.status, ...(state.note ? { note: state.note } : {}) } : gap);
  };
  /** A deleted ticket leaves every report at once (the contract), not only from the next run's. */
  const withoutDeleted = (gap: Gap): Gap => {
    const exists = (source: string) => !source.startsWith("ticket:") || store.get("ticket", source.slice(7)) !== undefined;
    const ticketIds = gap.ticketIds.filter((id) => store.get("ticket", id) !== undefined);
    if (ticketIds.length === gap.ticketIds.length) return gap;
    const kept = gap.sampleSources.map(exists);
    return {
      ...gap,
      ticketIds,
      ticketCount: ticketIds.length,
      sampleQuestions: gap.sampleQuestions.filter((_, i) => kept[i]),
      sampleSources: gap.sampleSources.filter((_, i) => kept[i]),
    };
  };

  const latest = (): GapReport => {
    const report = gaps.latestReport();
    if (!report) throw notFound("a completed gap report (start one with POST /v1/gaps/runs)");
    return withReview(report);
  };

  return {
    async startRun(request: RunRequest): Promise<{ jobId: string; runId: string }> {
      // Redis away: answer 503 before a run record exists that no job would ever complete.
      if (!(await jobs.isReady())) throw unavailable("the job queue is unreachable; no run was started, retry shortly");
      const runId = `run_${newId()}`;
      // Written before the job exists, and not again here: the job may already be updating it.
      await gaps.putRun({ runId, state: "queued", createdAt: new Date().toISOString(), request });
      const jobId = await jobs.enqueue("gap-run", { runId, ...request }, 100);
      return { jobId, runId };
    },

    latest,

    run(runId: string): GapReport {
      const report = gaps.getReport(runId);
      if (report) return withReview(report);
      const run = gaps.getRun(runId);
      if (!run) throw notFound(`gap run ${runId}`);
      throw new AppError("conflict", `gap run ${runId} is ${run.state}${run.error ? `: ${run.error}` : ""}; its report exists once it completes`);
    },

    async review(id: string, status: GapStatus, rawNote?: string): Promise<Gap> {
      // Reviewers quote customers in notes; notes are stored and exported, so they are redacted like tickets.
      const note = rawNote === undefined ? undefined : redact(rawNote);
      const state = gaps.getState(id);
      if (!state) throw notFound(`gap ${id}`);
      const at = new Date().toISOString();
      await gaps.putState({
        ...state,
        status,
        ...(note !== undefined ? { note } : {}),
        // Growth is measured from the size at dismissal, so "dismissed" holds until the topic really grows.
        ...(status === "dismissed" ? { dismissedAtCount: state.ticketCount } : {}),
        ...(status === "covered" && !state.coveredAt ? { coveredAt: at } : {}),
        history: [...state.history, { at, status, by: "review", ...(note ? { note } : {}) }],
      });
      return reviewed(state.lastGap);
    },

    exportLatest(format: ExportFormat): ExportFile {
      return exportReport(latest(), format);
    },
  };
}

export type GapsService = ReturnType<typeof createGapsService>;
