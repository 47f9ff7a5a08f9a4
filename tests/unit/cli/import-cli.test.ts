import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "./stand-in-server.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = (name: string) => `tests/fixtures/import/${name}`;

/**
 * Runs the real entry point in a child process. Async spawn, not spawnSync: the stand-in server
 * lives in this process and must keep answering while the child runs.
 */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.HELPDESK_URL;
  delete env.HELPDESK_API_KEY;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/import.ts", ...args], { cwd: root, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("npm run import (entry point)", () => {
  it("imports both files in batches and prints plain progress and a summary when not on a TTY", async () => {
    server = await startStandIn({ apiKey: "k" });
    const args = ["--articles", fixture("articles.csv"), "--tickets", fixture("tickets.jsonl"), "--batch", "2"];
    const run = await cli([...args, "--url", server.url, "--api-key", "k"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(server.bulk.map((request) => [request.kind, request.items.length])).toEqual([
      ["articles", 2],
      ["tickets", 2],
      ["tickets", 1],
    ]);
    expect(run.stdout).toContain("sending: 5/5 items");
    expect(run.stdout).toContain("processing: 5/5 items");
    expect(run.stdout).toMatch(/articles sent: 2\n\s+tickets sent:\s+3\n\s+jobs:\s+3 completed, 0 failed/);
    expect(run.stdout).toMatch(/throughput:\s+[\d.]+ items\/s/);
  });

  it("validates every file before sending anything, and exits 1 on a bad record", async () => {
    server = await startStandIn();
    const run = await cli(["--articles", fixture("articles.csv"), "--tickets", fixture("bad-tickets.csv"), "--url", server.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad-tickets.csv line 6: status: Invalid enum value");
    expect(server.bulk).toHaveLength(0);
  });

  it("prints the server's error and details and exits 1 on an HTTP error", async () => {
    server = await startStandIn({ apiKey: "right" });
    const run = await cli(["--tickets", fixture("tickets.jsonl"), "--url", server.url, "--api-key", "wrong"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("HTTP 401 unauthorized: missing or invalid API key");
  });

  it("exits 1 when a job fails, listing it in the summary", async () => {
    server = await startStandIn({ failJobs: [1] });
    const run = await cli(["--tickets", fixture("tickets.jsonl"), "--url", server.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("failed job job-1 (3 tickets): embedder crashed");
  });

  it("sends nothing on --dry-run", async () => {
    server = await startStandIn();
    const run = await cli(["--tickets", fixture("tickets-wrapped.json"), "--url", server.url, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 valid tickets");
    expect(server.bulk).toHaveLength(0);
  });

  it("exits 2 with usage on bad arguments", async () => {
    const run = await cli(["--batch", "many", "--tickets", fixture("tickets.jsonl")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--batch must be a positive integer");
    expect(run.stderr).toContain("Usage: npm run import");
  });
});
