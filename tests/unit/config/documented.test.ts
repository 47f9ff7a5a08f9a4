import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../../../src/config/env.js";

const root = path.resolve(import.meta.dirname, "../../..");

describe("every configuration variable is documented", () => {
  const keys = Object.keys(envSchema.shape);

  it.each(keys)("%s is in the README's configuration table and in .env.example", (key) => {
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain(`\`${key}\``);
    expect(readFileSync(path.join(root, ".env.example"), "utf8")).toMatch(new RegExp(`^#? ?${key}=`, "m"));
  });

  it("has a description on every key", () => {
    for (const key of keys) expect(envSchema.shape[key as keyof typeof envSchema.shape].description, key).toBeTruthy();
  });
});
