import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadAvg, type MachineInfo } from "./machine.js";

export interface BenchResult {
  /** File name under bench/results (without .json). */
  name: string;
  /** What was measured: each figure next to its baseline, as the bench defines it. */
  figures: Record<string, unknown>;
  /** Targets from the spec and whether this run met them (reported, never tuned for). */
  targets?: Array<{ target: string; measured: string; met: boolean | null }>;
  notes?: string[];
}

/** Writes bench/results/<name>.json: the record of one run, with the machine and its load beside the figures. */
export async function writeResult(dir: string, result: BenchResult, context: { machine: MachineInfo; startedAt: number; loadAvgAtPartStart: number[]; options: unknown }): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  const body = {
    name: result.name,
    machine: context.machine,
    startedAt: new Date(context.startedAt).toISOString(),
    durationSeconds: Math.round((Date.now() - context.startedAt) / 100) / 10,
    // machine.loadAvgAtStart is the whole run's start; these two bracket this part.
    loadAvgAtPartStart: context.loadAvgAtPartStart,
    loadAvgAtEnd: loadAvg(),
    options: context.options,
    targets: result.targets ?? [],
    notes: result.notes ?? [],
    figures: result.figures,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
