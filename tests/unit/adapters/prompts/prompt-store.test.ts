import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Mustache from "mustache";
import { afterEach, describe, expect, it } from "vitest";
import { createPromptStore, DEFAULT_PROMPTS_DIR, parsePromptCatalog } from "../../../../src/adapters/prompts/prompt-store.js";

type Tokens = Mustache.TemplateSpans;
const children = (token: Tokens[number]): Tokens => (Array.isArray(token[4]) ? (token[4] as Tokens) : []);

/** Every variable a template reads: plain, unescaped and section names, nested sections included. */
function templateVariables(tokens: Tokens, names = new Set<string>()): Set<string> {
  for (const token of tokens) {
    const [type, value] = token;
    if (type === "name" || type === "&" || type === "#" || type === "^") names.add(value);
    templateVariables(children(token), names);
  }
  return names;
}

/** Variables printed when every variable is truthy: inverted sections ({{^x}}) are skipped then. */
function printedWhenAllTruthy(tokens: Tokens, names = new Set<string>()): Set<string> {
  for (const token of tokens) {
    const [type, value] = token;
    if (type === "name" || type === "&") names.add(value);
    if (type === "#") printedWhenAllTruthy(children(token), names);
  }
  return names;
}

const catalog = parsePromptCatalog(readFileSync(path.join(DEFAULT_PROMPTS_DIR, "README.md"), "utf8"));

describe("prompts/README.md and the templates", () => {
  it("lists the drafter templates and the lead's instant-answer template", () => {
    expect([...catalog.keys()]).toEqual(
      expect.arrayContaining([
        "reply-draft.system.md",
        "reply-draft.user.md",
        "reply-draft.source.md",
        "reply-offline.en.md",
        "reply-offline.de.md",
        "reply-offline.es.md",
        "reply-offline.fr.md",
        "instant-answer.md",
      ]),
    );
    expect(catalog.get("instant-answer.md")).toEqual(["title", "answer", "url"]);
  });

  it.each([...catalog.entries()])("renders %s with exactly the variables the README lists", (name, listed) => {
    const template = readFileSync(path.join(DEFAULT_PROMPTS_DIR, name), "utf8");
    const tokens = Mustache.parse(template);
    expect([...templateVariables(tokens)].sort()).toEqual([...listed].sort());
    // Characters HTML escaping would mangle prove the store renders prompts as plain text.
    const view = Object.fromEntries(listed.map((key) => [key, `<${key} & "co">`]));
    const output = createPromptStore().render(name, view);
    expect(output.trim().length).toBeGreaterThan(0);
    expect(output).not.toContain("{{");
    expect(output).not.toContain("&lt;");
    for (const key of printedWhenAllTruthy(tokens)) expect(output).toContain(`<${key} & "co">`);
  });
});

describe("createPromptStore", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function storeWith(files: Record<string, string>) {
    dir = mkdtempSync(path.join(tmpdir(), "prompts-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return { store: createPromptStore(dir), dir };
  }

  const README = "| template | variables |\n| --- | --- |\n| `greet.md` | `name`, `mood` |\n| `absent.md` | — |\n";

  it("fails naming the file and the variable when a listed variable is not provided", () => {
    const { store } = storeWith({ "README.md": README, "greet.md": "Hi {{name}}{{#mood}}!{{/mood}}" });
    expect(() => store.render("greet.md", { name: "Ana" })).toThrow(/greet\.md: variable\(s\) "mood" not provided/);
    expect(() => createPromptStore().render("reply-offline.en.md", { firstName: "Ana" })).toThrow(
      /reply-offline\.en\.md: variable\(s\) "negative", "neutral".*not provided/,
    );
  });

  it("accepts empty and false values, which switch sections off", () => {
    const { store } = storeWith({ "README.md": README, "greet.md": "Hi {{name}}{{#mood}}!{{/mood}}" });
    expect(store.render("greet.md", { name: "", mood: false })).toBe("Hi ");
  });

  it("fails naming the file when a listed template does not exist", () => {
    const { store, dir: folder } = storeWith({ "README.md": README });
    expect(() => store.render("absent.md", {})).toThrow(`Prompt template ${path.join(folder, "absent.md")} is missing`);
  });

  it("refuses templates the README does not list", () => {
    const { store } = storeWith({ "README.md": README, "secret.md": "x" });
    expect(() => store.render("secret.md", {})).toThrow(/secret\.md is not listed in .*README\.md/);
  });

  it("reads a template once and serves it from the cache afterwards", () => {
    const { store, dir: folder } = storeWith({ "README.md": README, "greet.md": "Hi {{name}}" });
    expect(store.render("greet.md", { name: "Ana", mood: false })).toBe("Hi Ana");
    writeFileSync(path.join(folder, "greet.md"), "Changed {{name}}");
    expect(store.render("greet.md", { name: "Ana", mood: false })).toBe("Hi Ana");
  });

  it("leaves Mustache's global HTML escaping alone for other callers", () => {
    const { store } = storeWith({ "README.md": README, "greet.md": "Hi {{name}}" });
    expect(store.render("greet.md", { name: "<b>", mood: false })).toBe("Hi <b>");
    expect(Mustache.render("{{x}}", { x: "<b>" })).toBe("&lt;b&gt;");
  });
});
