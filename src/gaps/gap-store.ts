import type { Database } from "lmdb";
import type { Gap, GapReport, GapStatus, RunRequest } from "./gap.schema.js";

export interface ReviewEvent {
  at: string;
  status: GapStatus;
  by: "review" | "analysis";
  note?: string;
}

/** What is remembered about a gap between runs: its identity, its review, and its last description. */
export interface GapState {
  id: string;
  status: GapStatus;
  note?: string;
  centroid: number[];
  memberIds: string[];
  ticketCount: number;
  firstSeenAt: string;
  lastSeenRunId: string;
  dismissedAtCount?: number;
  coveredAt?: string;
  coveredBy?: string;
  history: ReviewEvent[];
  lastGap: Gap;
}

export interface RunRecord {
  runId: string;
  jobId?: string;
  state: "queued" | "running" | "completed" | "failed";
  createdAt: string;
  request: RunRequest;
  error?: string;
}

export interface OutboxEvent {
  id: string;
  type: "gap.created" | "gap.covered";
  payload: unknown;
  attempts: number;
  nextAttemptAt: number;
  createdAt: string;
  lastError?: string;
}

const key = {
  run: (id: string) => `gaps:run:${id}`,
  report: (id: string) => `gaps:report:${id}`,
  latest: "gaps:latest",
  state: (id: string) => `gaps:state:${id}`,
  outbox: (id: string) => `gaps:outbox:${id}`,
};

/** Gap runs, reports, review state and the webhook outbox, in the store's generic kv table. */
export class GapStore {
  constructor(private readonly kv: Database<unknown, string>) {}

  getRun(runId: string): RunRecord | undefined {
    return this.kv.get(key.run(runId)) as RunRecord | undefined;
  }

  async putRun(record: RunRecord): Promise<void> {
    await this.kv.put(key.run(record.runId), record);
  }

  getReport(runId: string): GapReport | undefined {
    return this.kv.get(key.report(runId)) as GapReport | undefined;
  }

  latestReport(): GapReport | undefined {
    const runId = this.kv.get(key.latest) as string | undefined;
    return runId ? this.getReport(runId) : undefined;
  }

  /** Report, gap states and the new "latest" pointer land in one transaction: never half a run. */
  async completeRun(report: GapReport, states: GapState[], events: OutboxEvent[]): Promise<void> {
    await this.kv.transaction(() => {
      void this.kv.put(key.report(report.runId), report);
      for (const state of states) void this.kv.put(key.state(state.id), state);
      for (const event of events) void this.kv.put(key.outbox(event.id), event);
      void this.kv.put(key.latest, report.runId);
      const run = this.getRun(report.runId);
      if (run) void this.kv.put(key.run(report.runId), { ...run, state: "completed" });
    });
  }

  getState(id: string): GapState | undefined {
    return this.kv.get(key.state(id)) as GapState | undefined;
  }

  async putState(state: GapState): Promise<void> {
    await this.kv.put(key.state(state.id), state);
  }

  *listStates(): Generator<GapState> {
    for (const { value } of this.kv.getRange({ start: "gaps:state:", end: "gaps:state;" })) yield value as GapState;
  }

  *listOutbox(): Generator<OutboxEvent> {
    for (const { value } of this.kv.getRange({ start: "gaps:outbox:", end: "gaps:outbox;" })) yield value as OutboxEvent;
  }

  async putOutbox(event: OutboxEvent): Promise<void> {
    await this.kv.put(key.outbox(event.id), event);
  }

  async removeOutbox(id: string): Promise<void> {
    await this.kv.remove(key.outbox(id));
  }
}
