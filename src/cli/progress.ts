import cliProgress from "cli-progress";
import type { ImportSummary, Phase, ProgressReporter } from "./import-runner.js";

const LABEL: Record<Phase, string> = { upload: "Sending   ", process: "Processing" };

/** A redrawing bar, for terminals only: on a pipe or in CI logs its control codes are noise. */
export function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(phase, total) {
      bar = new cliProgress.SingleBar(
        { stream, format: `${LABEL[phase]} [{bar}] {value}/{total} items | {percentage}% | {duration_formatted}`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * One line per change, at most every `minIntervalMs` (polling may report many times a second), and
 * always the final count, so logs show both that work moves and where it ended.
 */
export function lineReporter(write: (line: string) => void, minIntervalMs = 2000, now = Date.now): ProgressReporter {
  let phase: Phase = "upload";
  let total = 0;
  let last = -1;
  let lastAt = 0;
  let current = 0;
  const print = () => {
    write(`${LABEL[phase].trim().toLowerCase()}: ${current}/${total} items`);
    last = current;
    lastAt = now();
  };
  return {
    start(nextPhase, nextTotal) {
      phase = nextPhase;
      total = nextTotal;
      current = 0;
      last = -1;
      lastAt = 0;
    },
    update(done) {
      current = done;
      if (done !== last && (done === total || now() - lastAt >= minIntervalMs)) print();
    },
    stop() {
      if (current !== last) print();
    },
  };
}

/** The closing report: what went where, how jobs ended, and how fast. */
export function formatSummary(summary: ImportSummary): string {
  const n = (value: number) => value.toLocaleString("en-US");
  const failed = summary.jobs.failed;
  const lines = [
    `Import finished in ${summary.elapsedSeconds.toFixed(1)} s`,
    `  articles sent: ${n(summary.sent.article)}`,
    `  tickets sent:  ${n(summary.sent.ticket)}`,
    `  jobs:          ${n(summary.jobs.completed)} completed, ${n(failed.length)} failed`,
    `  throughput:    ${summary.itemsPerSecond.toFixed(1)} items/s`,
  ];
  for (const failure of failed) {
    lines.push(`  failed job ${failure.jobId} (${n(failure.items)} ${failure.kind}s): ${failure.error}`);
  }
  return lines.join("\n");
}
