import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/env.js";

const linesFor = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration from the environment", () => {
  it("applies defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, EMBEDDINGS: "local", EMBED_RUNTIME: "auto", DATA_DIR: "./var", HNSW_M: 16, REDACTION_RULES: ["email", "phone", "card", "iban", "address"] });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("prints one line per bad variable, naming it", () => {
    const lines = linesFor({ PORT: "eighty", EMBEDDINGS: "magic", REDIS_URL: "http://x", LOG_LEVEL: "loud", EMBED_RUNTIME: "cuda" });
    expect(lines).toHaveLength(5);
    expect(lines.map((line) => line.split(":")[0])).toEqual(expect.arrayContaining(["PORT", "EMBEDDINGS", "REDIS_URL", "LOG_LEVEL", "EMBED_RUNTIME"]));
  });

  it("rejects malformed API keys, unknown roles and bad redaction settings", () => {
    expect(linesFor({ API_KEYS: "short=admin" })[0]).toMatch(/^API_KEYS: entry 1/);
    expect(linesFor({ API_KEYS: "a-long-enough-key-123=superuser" })[0]).toMatch(/^API_KEYS/);
    expect(linesFor({ REDACTION_RULES: "email,dna" })[0]).toMatch(/^REDACTION_RULES/);
    expect(linesFor({ REDACTION_EXTRA_PATTERNS: "([a-z" })[0]).toMatch(/^REDACTION_EXTRA_PATTERNS: not a valid regular expression/);
  });

  it("keeps only hashes of API keys", () => {
    const config = loadConfig({ API_KEYS: "a-long-enough-key-123=agent|content" });
    expect(config.API_KEYS).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{64}$/), roles: ["agent", "content"] }]);
    expect(JSON.stringify(config)).not.toContain("a-long-enough-key-123");
  });

  it("treats blank variables as unset", () => {
    expect(loadConfig({ REDIS_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
