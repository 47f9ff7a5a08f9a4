import { promises as fs } from "node:fs";
import path from "node:path";
import { isSolved, type KnowledgeKind } from "../../ingest/knowledge.schema.js";
import { HnswIndex, type HnswParams } from "./hnsw-index.js";
import { KeywordIndex } from "./keyword-index.js";

export interface ArticleChunkMeta {
  articleId: string;
  /** "chunk": a drafting unit of ~CHUNK_SIZE characters; "passage": one sentence or list item, for matching. */
  level: "chunk" | "passage";
  chunk: number;
  title: string;
  brand?: string;
  locale?: string;
}

export interface TicketMeta {
  ticketId: string;
  status: string;
  /** Articles the agent linked: kept in the index so answering needs no store read per neighbour. */
  articleIds?: string[];
  brand?: string;
  locale?: string;
  createdAt?: string;
}

/** Which content hash of an item is indexed, under which vector keys (an article has one key per chunk). */
interface IndexedDoc {
  hash: string;
  keys: string[];
}

export interface IndexedChunk {
  text: string;
  vector: Float32Array;
  meta: ArticleChunkMeta;
}

interface Manifest {
  version: number;
  format?: number;
  modelId: string;
  dimensions: number;
  savedAt: string;
  /** The last change-log entry this snapshot holds (scaled mode; see change-log.ts). */
  logSeq?: number;
  docs: { article: Array<[string, IndexedDoc]>; ticket: Array<[string, IndexedDoc]> };
}

export type LoadOutcome = "loaded" | "empty" | "model_changed" | "unreadable";

const CURRENT = "CURRENT";
/** A version folder's change-log position, readable without parsing its manifest. */
const LOG_SEQ = "log-seq";
/**
 * Bumped whenever what gets indexed changes (2: article passages; 3: linked article ids on tickets;
 * 4: a description repeated as the first message counted once; 5: no function words in BM25): a saved
 * index of another format is rebuilt from the store, like one built with another model.
 */
export const INDEX_FORMAT = 5;

/**
 * The article-chunk and ticket indexes, dense and keyword, kept in step and saved together as one
 * version folder; a CURRENT file names the live version and is switched by rename, so a reader never
 * sees a half-written index.
 */
export class KnowledgeIndex {
  readonly articleVectors: HnswIndex<ArticleChunkMeta>;
  readonly ticketVectors: HnswIndex<TicketMeta>;
  articleKeywords = KeywordIndex.empty();
  ticketKeywords = KeywordIndex.empty();
  private readonly docs = { article: new Map<string, IndexedDoc>(), ticket: new Map<string, IndexedDoc>() };
  version = 0;
  /** The last change-log entry applied to this index (scaled mode; 0 when there is no log). */
  logSeq = 0;
  private changesSinceSave = 0;

  constructor(
    readonly modelId: string,
    readonly dimensions: number,
    params: HnswParams,
  ) {
    this.articleVectors = new HnswIndex(dimensions, params);
    this.ticketVectors = new HnswIndex(dimensions, params);
  }

  get dirty(): boolean {
    return this.changesSinceSave > 0;
  }

  indexedHash(kind: KnowledgeKind, id: string): string | undefined {
    return this.docs[kind].get(id)?.hash;
  }

  ids(kind: KnowledgeKind): IterableIterator<string> {
    return this.docs[kind].keys();
  }

  count(kind: KnowledgeKind): number {
    return this.docs[kind].size;
  }

  /** Solved tickets, and those of them that link an article: what a fit on history learns from. */
  solvedHistory(): { solved: number; linked: number } {
    const history = { solved: 0, linked: 0 };
    for (const ticketId of this.docs.ticket.keys()) {
      const meta = this.ticketVectors.getMeta(ticketId);
      if (!meta || !isSolved(meta.status)) continue;
      history.solved++;
      if ((meta.articleIds ?? []).length > 0) history.linked++;
    }
    return history;
  }

  /** Every article some solved ticket links: the articles the help desk's history says something about. */
  linkedArticleIds(): Set<string> {
    const linked = new Set<string>();
    for (const ticketId of this.docs.ticket.keys()) {
      const meta = this.ticketVectors.getMeta(ticketId);
      if (meta && isSolved(meta.status)) for (const articleId of meta.articleIds ?? []) linked.add(articleId);
    }
    return linked;
  }

  upsertArticle(articleId: string, hash: string, chunks: IndexedChunk[]): void {
    this.remove("article", articleId);
    const keys = chunks.map((chunk) => `${articleId}#${chunk.meta.level === "passage" ? "p" : ""}${chunk.meta.chunk}`);
    chunks.forEach((chunk, i) => {
      this.articleVectors.upsert(keys[i]!, chunk.vector, chunk.meta);
      this.articleKeywords.upsert(keys[i]!, chunk.text);
    });
    this.docs.article.set(articleId, { hash, keys });
    this.changesSinceSave++;
  }

  upsertTicket(ticketId: string, hash: string, text: string, vector: Float32Array, meta: TicketMeta): void {
    this.ticketVectors.upsert(ticketId, vector, meta);
    this.ticketKeywords.upsert(ticketId, text);
    this.docs.ticket.set(ticketId, { hash, keys: [ticketId] });
    this.changesSinceSave++;
  }

  remove(kind: KnowledgeKind, id: string): boolean {
    const doc = this.docs[kind].get(id);
    if (!doc) return false;
    const [vectors, keywords] = kind === "article" ? [this.articleVectors, this.articleKeywords] : [this.ticketVectors, this.ticketKeywords];
    for (const key of doc.keys) {
      vectors.remove(key);
      keywords.remove(key);
    }
    this.docs[kind].delete(id);
    this.changesSinceSave++;
    return true;
  }

  async save(rootDir: string): Promise<number> {
    const version = Math.max(this.version, await readCurrentVersion(rootDir)) + 1;
    const dir = path.join(rootDir, String(version));
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await this.articleVectors.save(path.join(dir, "articles.hnsw"));
    await this.ticketVectors.save(path.join(dir, "tickets.hnsw"));
    await fs.writeFile(path.join(dir, "articles.keywords.json"), this.articleKeywords.toJSON());
    await fs.writeFile(path.join(dir, "tickets.keywords.json"), this.ticketKeywords.toJSON());
    await fs.writeFile(path.join(dir, LOG_SEQ), String(this.logSeq));
    const manifest: Manifest = {
      version,
      format: INDEX_FORMAT,
      modelId: this.modelId,
      dimensions: this.dimensions,
      savedAt: new Date().toISOString(),
      logSeq: this.logSeq,
      docs: { article: [...this.docs.article], ticket: [...this.docs.ticket] },
    };
    // The manifest is written last: a folder without one is an interrupted save and is never loaded.
    await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const pointer = path.join(rootDir, `${CURRENT}.${process.pid}.tmp`);
    await fs.writeFile(pointer, String(version));
    await fs.rename(pointer, path.join(rootDir, CURRENT));
    this.version = version;
    this.changesSinceSave = 0;
    await pruneOldVersions(rootDir, version);
    return version;
  }

  /**
   * Loads the CURRENT version. A model change or an unreadable folder yields an empty index and says
   * so; the caller then rebuilds from the store (never a silent mix of vector spaces).
   */
  static async load(rootDir: string, modelId: string, dimensions: number, params: HnswParams): Promise<{ index: KnowledgeIndex; outcome: LoadOutcome; detail?: string }> {
    const fresh = new KnowledgeIndex(modelId, dimensions, params);
    const version = await readCurrentVersion(rootDir);
    if (version === 0) return { index: fresh, outcome: "empty" };
    const dir = path.join(rootDir, String(version));
    try {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
      if (manifest.modelId !== modelId || manifest.dimensions !== dimensions || manifest.format !== INDEX_FORMAT) {
        fresh.version = version;
        const detail = `index was built with ${manifest.modelId} (format ${manifest.format ?? 1}), the service now uses ${modelId} (format ${INDEX_FORMAT})`;
        return { index: fresh, outcome: "model_changed", detail };
      }
      const loaded = new KnowledgeIndex(modelId, dimensions, params);
      Object.assign(loaded, {
        articleVectors: await HnswIndex.load<ArticleChunkMeta>(path.join(dir, "articles.hnsw"), params),
        ticketVectors: await HnswIndex.load<TicketMeta>(path.join(dir, "tickets.hnsw"), params),
        articleKeywords: KeywordIndex.fromJSON(await fs.readFile(path.join(dir, "articles.keywords.json"), "utf8")),
        ticketKeywords: KeywordIndex.fromJSON(await fs.readFile(path.join(dir, "tickets.keywords.json"), "utf8")),
      });
      for (const [id, doc] of manifest.docs.article) loaded.docs.article.set(id, doc);
      for (const [id, doc] of manifest.docs.ticket) loaded.docs.ticket.set(id, doc);
      loaded.version = version;
      loaded.logSeq = manifest.logSeq ?? 0;
      return { index: loaded, outcome: "loaded" };
    } catch (error) {
      fresh.version = version;
      return { index: fresh, outcome: "unreadable", detail: `index version ${version} could not be read: ${(error as Error).message}` };
    }
  }
}

export async function readCurrentVersion(rootDir: string): Promise<number> {
  try {
    const version = Number.parseInt(await fs.readFile(path.join(rootDir, CURRENT), "utf8"), 10);
    return Number.isFinite(version) ? version : 0;
  } catch {
    return 0;
  }
}

/** The change-log position of the CURRENT version (0 when there is none, or it predates the log). */
export async function readCurrentLogSeq(rootDir: string): Promise<number> {
  const version = await readCurrentVersion(rootDir);
  if (version === 0) return 0;
  try {
    const seq = Number.parseInt(await fs.readFile(path.join(rootDir, String(version), LOG_SEQ), "utf8"), 10);
    return Number.isFinite(seq) ? seq : 0;
  } catch {
    return 0;
  }
}

/** Keeps the live version and the one before it, which a replica may still be reading. */
async function pruneOldVersions(rootDir: string, live: number): Promise<void> {
  const entries = await fs.readdir(rootDir);
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name) && Number(name) < live - 1)
      .map((name) => fs.rm(path.join(rootDir, name), { recursive: true, force: true })),
  );
}
