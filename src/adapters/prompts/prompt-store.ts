import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Mustache from "mustache";

/** The repository's prompts/ folder, found from this file so it works from src/ (tsx) and dist/ alike. */
export const DEFAULT_PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prompts");

export type PromptVariables = Record<string, unknown>;

export interface PromptStore {
  /** Renders a template from prompts/ with its variables; throws naming the file when one is missing. */
  render(name: string, variables: PromptVariables): string;
  /** Every template prompts/README.md lists, with the variables it lists for each. */
  catalog(): ReadonlyMap<string, readonly string[]>;
}

// A catalog row: | `reply-draft.user.md` | `ticket`, `sources` | what it is for |
const ROW = /^\|\s*`([^`]+\.md)`\s*\|([^|]*)\|/;
const BACKTICKED = /`([^`]+)`/g;

/** Reads the template catalog from prompts/README.md: the README is the contract, so code and docs cannot drift. */
export function parsePromptCatalog(readme: string): Map<string, string[]> {
  const catalog = new Map<string, string[]>();
  for (const line of readme.split("\n")) {
    const row = ROW.exec(line.trim());
    if (!row?.[1]) continue;
    catalog.set(row[1], [...(row[2] ?? "").matchAll(BACKTICKED)].map((m) => m[1] ?? "").filter(Boolean));
  }
  return catalog;
}

// Prompts are plain text, not HTML: per-call escaping keeps "&" and "<" intact without touching the
// global Mustache.escape, which other code in the process may rely on.
const RENDER_OPTIONS = { escape: (value: string) => value };

class FilePromptStore implements PromptStore {
  private readonly templates = new Map<string, string>();
  private catalogCache: Map<string, string[]> | undefined;

  constructor(private readonly dir: string) {}

  catalog(): ReadonlyMap<string, readonly string[]> {
    if (!this.catalogCache) {
      const readmePath = path.join(this.dir, "README.md");
      this.catalogCache = parsePromptCatalog(readText(readmePath, `Prompt catalog ${readmePath} is missing`));
    }
    return this.catalogCache;
  }

  render(name: string, variables: PromptVariables): string {
    const file = path.join(this.dir, name);
    const listed = this.catalog().get(name);
    if (!listed) throw new Error(`Prompt template ${file} is not listed in ${path.join(this.dir, "README.md")}`);
    // "Provided" means present: "" and false are valid values that switch a {{#section}} off.
    const missing = listed.filter((key) => variables[key] === undefined || variables[key] === null);
    if (missing.length > 0) {
      throw new Error(`Prompt template ${file}: variable(s) ${missing.map((k) => `"${k}"`).join(", ")} not provided (listed in prompts/README.md)`);
    }
    return Mustache.render(this.template(name, file), variables, undefined, RENDER_OPTIONS);
  }

  private template(name: string, file: string): string {
    let text = this.templates.get(name);
    if (text === undefined) {
      text = readText(file, `Prompt template ${file} is missing`);
      this.templates.set(name, text);
    }
    return text;
  }
}

function readText(file: string, message: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(message, { cause: error });
  }
}

/** Templates are read once, on first use, and cached for the life of the process. */
export function createPromptStore(dir: string = DEFAULT_PROMPTS_DIR): PromptStore {
  return new FilePromptStore(dir);
}
