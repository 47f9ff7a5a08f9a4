import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const datasetPresent = existsSync(path.resolve(root, "../shared/datasets/banking77/train.csv"));

/**
 * Runs `npm run bench -- smoke` (every benchmark at small sizes) so the harness cannot rot. Without
 * ../shared/datasets the dataset parts print why they are skipped and the rest still has to pass.
 */
describe("bench smoke", () => {
  it("runs every part of the benchmark harness end to end", async () => {
    const resultsDir = await mkdtemp(path.join(tmpdir(), "bench-smoke-"));
    try {
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench/run.ts"), "smoke", "--results-dir", resultsDir], {
          cwd: root,
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("exit", (exitCode) => resolve({ code: exitCode, output }));
      });
      expect(code, output).toBe(0);
      const result = JSON.parse(await readFile(path.join(resultsDir, "smoke.json"), "utf8"));
      expect(result.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
      expect(result.figures.index.figures.sizes[0].configs[0].perEf.length).toBeGreaterThan(0);
      const datasetParts = ["embedding", "answers", "suggestions", "soak", "load", "scale"];
      if (datasetPresent) {
        for (const part of datasetParts) expect(result.figures[part].figures, part).toBeDefined();
        expect(result.figures.answers.figures.variants["BM25 only (in-process)"].questions).toBeGreaterThan(0);
        expect(result.figures.answers.figures.variants["service, articles + solved tickets, 90 % linked"].questions).toBeGreaterThan(0);
        expect(result.figures.load.figures.runs.length).toBeGreaterThan(0);
        // Scaled mode (CI starts Redis): each ticket sent on its own reached the other API.
        expect(result.figures.scaleout.figures.visibleInOtherApiMs.count).toBe(5);
      } else {
        // The only allowed skip: the shared datasets are not beside the repository.
        process.stdout.write("bench smoke: ../shared/datasets/banking77 is absent, so only the dataset-free parts ran\n");
        expect(output).toContain("BANKING77 not found");
        for (const part of datasetParts) expect(result.figures[part], part).toEqual({ skipped: true });
      }
    } finally {
      await rm(resultsDir, { recursive: true, force: true });
    }
  }, 180_000);
});
