import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one of the service's entry points as a real process, the way `npm start` / `npm run worker` do. */
export function spawnEntry(entry: "api" | "worker", env: Record<string, string>, args: string[] = []): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/main", `${entry}.ts`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", EMBED_THREADS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the process prints its address (api.ts prints "... running (...) at http://host:port"). */
export async function waitForUrl(spawned: Spawned, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /running \(\w+ mode\) at (http:\/\/[\d.]+:\d+)/.exec(spawned.output());
    if (match) return match[1]!;
    if (spawned.child.exitCode !== null) throw new Error(`process exited early:\n${spawned.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no address printed within ${timeoutMs} ms:\n${spawned.output()}`);
}

export async function waitForOutput(spawned: Spawned, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(spawned.output())) return;
    if (spawned.child.exitCode !== null) throw new Error(`process exited early:\n${spawned.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${pattern} not printed within ${timeoutMs} ms:\n${spawned.output()}`);
}

export async function stop(spawned: Spawned, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill(signal);
  return spawned.exited;
}
