import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./machine.js";

export interface ServiceOptions {
  /** Extra environment (e.g. EMBED_THREADS); PORT=0 and a temporary DATA_DIR are always set. */
  env?: Record<string, string>;
  /** Share a DATA_DIR (scale-out) instead of a fresh temporary one. */
  dataDir?: string;
  entry?: "api" | "worker";
  /** Keep DATA_DIR and the log after stop. */
  keep?: boolean;
  label?: string;
}

export interface MemorySample {
  /** Seconds since the service started. */
  t: number;
  rssMb: number;
}

/**
 * A service process started the way a user starts it (`node --import tsx src/main/api.ts`), with its
 * output going to a log file rather than a pipe, so the bench process spends no CPU reading it.
 */
export class Service {
  readonly samples: MemorySample[] = [];
  private sampler: NodeJS.Timeout | undefined;
  private readonly startedAt = performance.now();

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    readonly logFile: string,
    private readonly ownsDataDir: boolean,
    private readonly keep: boolean,
    readonly startupSeconds: number,
  ) {}

  static async start(options: ServiceOptions = {}): Promise<Service> {
    const begin = performance.now();
    const ownsDataDir = options.dataDir === undefined;
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "helpdesk-bench-")));
    const logDir = ownsDataDir ? dataDir : await mkdtemp(path.join(tmpdir(), "helpdesk-bench-log-"));
    const logFile = path.join(logDir, `${options.label ?? options.entry ?? "api"}.log`);
    const fd = openSync(logFile, "a");
    const entry = options.entry ?? "api";
    const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/main", `${entry}.ts`)], {
      cwd: repoRoot,
      // Only what a shell would give it plus the bench's settings: nothing leaks in from the bench's own environment.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PORT: "0",
        // The bench is one client address standing in for many customers and agents; the per-client
        // limit (3,000 a minute by default) would turn a load test into a rate-limit test. The limiter
        // still runs, so its cost is measured.
        RATE_LIMIT_PER_MINUTE: "100000000",
        // Load runs cycle through a fixed pool of questions: with the query cache on, every round after
        // the first would measure cache hits instead of the model, retrieval and drafting.
        QUERY_CACHE_SIZE: "0",
        ...options.env,
        DATA_DIR: dataDir,
      },
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const pattern = entry === "api" ? /running \(\w+ mode\) at (http:\/\/[\d.]+:\d+)/ : /worker ready/;
    const deadline = Date.now() + 120_000;
    let url = "";
    while (!url) {
      const match = pattern.exec(await readFile(logFile, "utf8"));
      if (match) url = match[1] ?? "worker";
      else if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        await exited;
        throw new Error(`${entry} did not start (exit ${child.exitCode}); log ${logFile}:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
      } else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const service = new Service(child, url, dataDir, logFile, ownsDataDir, options.keep ?? false, (performance.now() - begin) / 1000);
    service.sampler = setInterval(() => service.sample(), 1000);
    service.sampler.unref();
    service.sample();
    return service;
  }

  /** Whether the process is still running (a crashed service must not be handed to the next bench). */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The end of the service's log, for reports when something went wrong. */
  logTail(chars = 3000): string {
    try {
      return readFileSync(this.logFile, "utf8").slice(-chars);
    } catch {
      return "";
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory now, from /proc (the process holds the model threads too, so this is the whole service). */
  rssMb(): number {
    return procStatusKb(this.pid, "VmRSS") / 1024;
  }

  /**
   * Anonymous resident memory: the heap, the model, the index. Unlike VmRSS it leaves out file-backed
   * pages such as LMDB's memory-mapped store, which the kernel can drop under pressure.
   */
  anonRssMb(): number {
    return procStatusKb(this.pid, "RssAnon") / 1024;
  }

  /** Highest resident memory since the process started (the kernel's high-water mark). */
  peakRssMb(): number {
    return procStatusKb(this.pid, "VmHWM") / 1024;
  }

  /**
   * CPU time the process has used, in ms: its main thread (HTTP, retrieval, drafting) and all its
   * threads (the embedding workers too), from /proc's per-thread counters. CPU time, unlike wall time,
   * is what a request costs whatever else shares the machine.
   */
  cpuMs(): { main: number; all: number } {
    const ticks = (tid: string): number => {
      try {
        const fields = readFileSync(`/proc/${this.pid}/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        // utime and stime, in clock ticks (100 per second on Linux).
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return 0; // a thread that ended between listing and reading
      }
    };
    let all = 0;
    for (const tid of readdirSync(`/proc/${this.pid}/task`)) all += ticks(tid);
    return { main: ticks(String(this.pid)), all };
  }

  sample(): MemorySample {
    const sample = { t: Math.round((performance.now() - this.startedAt) / 100) / 10, rssMb: Math.round(this.rssMb()) };
    if (Number.isFinite(sample.rssMb) && sample.rssMb > 0) this.samples.push(sample);
    return sample;
  }

  /** SIGTERM (the service saves and exits), SIGKILL after 60 s; removes its temporary DATA_DIR unless kept. */
  async stop(): Promise<number | null> {
    clearInterval(this.sampler);
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve(this.child.exitCode);
      else this.child.once("exit", (code) => resolve(code));
    });
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 60_000);
    const code = await exited;
    clearTimeout(timer);
    if (this.keep) process.stdout.write(`  kept ${this.dataDir} (log ${this.logFile})\n`);
    else if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
    else await rm(path.dirname(this.logFile), { recursive: true, force: true });
    return code;
  }
}

function procStatusKb(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of this (the bench's own) process, for in-process measurements such as the raw index. */
export const ownRssMb = (): number => process.memoryUsage().rss / 1024 ** 2;
