import { describe, expect, it } from "vitest";
import { spawnEntry } from "../helpers/processes.js";

describe("start-up with a bad configuration", () => {
  it("stops with exit code 1 and one clear line per bad variable", async () => {
    const api = spawnEntry("api", { PORT: "eighty", EMBEDDINGS: "magic", API_KEYS: "short=admin", DATA_DIR: "/tmp/never-created-by-this-test" });
    expect(await api.exited).toBe(1);
    const lines = api.output().trim().split("\n");
    expect(lines[0]).toBe("helpdesk-copilot: invalid configuration");
    expect(lines.slice(1).map((line) => line.trim().split(":")[0]).sort()).toEqual(["API_KEYS", "EMBEDDINGS", "PORT"]);
  });

  it("refuses to start a worker without REDIS_URL", async () => {
    const worker = spawnEntry("worker", {});
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain("REDIS_URL is required");
  });
});
