#!/usr/bin/env node
// Builds data/articles.json from the Markdown files in scripts/sample-data/articles/.
// Each file starts with a small front-matter block (title, tags, updatedAt); the file name is the slug.
// Run: node scripts/sample-data/build-articles.mjs
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const sourceDir = join(here, "articles");
const outFile = join(root, "data", "articles.json");

export const BRAND = "packmoth";
const HELP_BASE = "https://help.packmoth.example/articles/";

function parse(file) {
  const raw = readFileSync(join(sourceDir, file), "utf8").replace(/\r\n/g, "\n");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
  if (!match) throw new Error(`${file}: missing front matter`);
  const meta = {};
  for (const line of match[1].split("\n")) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    let value = line.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    meta[line.slice(0, i).trim()] = value;
  }
  const slug = file.replace(/\.md$/, "");
  for (const key of ["title", "tags", "updatedAt"]) {
    if (!meta[key]) throw new Error(`${file}: front matter lacks ${key}`);
  }
  return {
    id: `kb-${slug}`,
    title: meta.title,
    body: match[2].trim() + "\n",
    url: HELP_BASE + slug,
    tags: meta.tags.split(",").map((t) => t.trim()).filter(Boolean),
    locale: "en",
    brand: BRAND,
    updatedAt: new Date(meta.updatedAt).toISOString(),
  };
}

const articles = readdirSync(sourceDir)
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map(parse);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(articles, null, 2) + "\n");
console.log(`wrote ${articles.length} articles to ${outFile}`);
