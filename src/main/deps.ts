import path from "node:path";
import { promises as fs } from "node:fs";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Config } from "../config/env.js";
import { createLogger, type Logger } from "../shared/logger.js";
import { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import { replaceEmbedVectors, type Embedder } from "../adapters/embeddings/embedder.js";
import { withQueryCache } from "../adapters/embeddings/query-cache.js";
import { LocalUseEmbeddings } from "../adapters/embeddings/local-use.embeddings.js";
import { createOpenAiEmbedder } from "../adapters/embeddings/openai.embedder.js";
import { IndexHolder } from "../adapters/index/index-holder.js";
import { createRedactor, type Redactor } from "../ingest/redact.js";
import { createChangeFeed, type IndexingDeps } from "../ingest/index-items.js";

/** What both processes share; each composition root (api.ts, worker.ts) adds its own job wiring. */
export interface CoreDeps {
  config: Config;
  logger: Logger;
  store: KnowledgeStore;
  embedder: Embedder;
  holder: IndexHolder;
  redact: Redactor;
  metrics: Registry;
  indexing: IndexingDeps;
}

export interface DepsOverrides {
  logger?: Logger;
  embedder?: Embedder;
}

export function createEmbedder(config: Config, metrics: Registry, logger?: Logger): Embedder {
  if (config.EMBEDDINGS === "openai") {
    return createOpenAiEmbedder({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.EMBEDDING_MODEL });
  }
  // How many texts each model call carries: questions are grouped only when several wait at once,
  // and a call of one costs more per text than a call of a few.
  const callTexts = new Histogram({
    name: "helpdesk_embedding_call_texts",
    help: "Texts per call of the local embedding model, by priority (question: someone is waiting; bulk: indexing)",
    labelNames: ["priority"],
    buckets: [1, 2, 3, 4, 8, 16, 32, 64],
    registers: [metrics],
  });
  const local = new LocalUseEmbeddings({
    threads: config.EMBED_THREADS,
    batchSize: config.EMBED_BATCH,
    runtime: config.EMBED_RUNTIME,
    onModelCall: (texts, urgent) => callTexts.observe({ priority: urgent ? "question" : "bulk" }, texts),
    // Which runtime the model landed on decides its speed fourfold: worth a line at start.
    onReady: (stats) =>
      logger?.info(
        { nativeWorkers: stats.nativeWorkers, workers: stats.workers, nativeUnavailable: stats.nativeUnavailable },
        stats.nativeWorkers === stats.workers ? "embedding model runs on onnxruntime" : "embedding model runs on TF.js (wasm)",
      ),
  });
  // Read at scrape time: a worker that restarts may land on another runtime than its predecessor.
  new Gauge({
    name: "helpdesk_embedding_workers",
    help: "Ready local embedding workers, by the runtime their model runs on (onnxruntime is about four times faster)",
    labelNames: ["runtime"],
    registers: [metrics],
    collect() {
      const stats = local.stats();
      this.set({ runtime: "onnxruntime" }, stats.nativeWorkers);
      this.set({ runtime: "tfjs" }, stats.ready - stats.nativeWorkers);
    },
  });
  new Gauge({
    name: "helpdesk_embedding_library_calls",
    help: "Model calls since start that fell back to the embedding library's own, slow path",
    registers: [metrics],
    collect() {
      this.set(local.stats().libraryCalls);
    },
  });
  return local;
}

export async function buildCoreDeps(config: Config, overrides: DepsOverrides = {}): Promise<CoreDeps> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  await fs.mkdir(config.DATA_DIR, { recursive: true });
  const store = new KnowledgeStore(config.DATA_DIR);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const cacheHits = new Counter({ name: "helpdesk_query_cache_hits_total", help: "Questions whose vector came from the query cache", registers: [metrics] });
  const embedder = withQueryCache(countEmbeddings(overrides.embedder ?? createEmbedder(config, metrics, logger), metrics), { size: config.QUERY_CACHE_SIZE, onHit: () => cacheHits.inc() });
  // The model is loaded before the index: its id and dimensions decide whether the saved index fits.
  await embedder.warmUp();
  const holder = new IndexHolder({
    dataDir: path.resolve(config.DATA_DIR),
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    params: { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, ef: config.HNSW_EF },
    saveIntervalMs: config.INDEX_SAVE_INTERVAL_MS,
    logger,
  });
  const indexing: IndexingDeps = {
    store,
    embedder,
    index: () => holder.current,
    chunking: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP },
  };
  // Scaled mode: several processes share one index through the store's change log (change-log.ts).
  if (config.REDIS_URL) holder.followChanges(createChangeFeed(indexing));
  new Gauge({
    name: "helpdesk_index_catchups",
    help: "Times since start this process caught up with index writes of another process, by how: log (replayed the writes), snapshot (loaded a saved index), repair (synced with the store), none",
    labelNames: ["via"],
    registers: [metrics],
    collect() {
      for (const [via, count] of Object.entries(holder.catchUps)) this.set({ via }, count);
    },
  });
  return {
    config,
    logger,
    store,
    embedder,
    holder,
    redact: createRedactor({ rules: config.REDACTION_RULES, extraPatterns: config.REDACTION_EXTRA_PATTERNS }),
    metrics,
    indexing,
  };
}

/** Counts texts that reach the model (cache misses), which is how "identical content does no work" is observed. */
function countEmbeddings(embedder: Embedder, metrics: Registry): Embedder {
  const counter = new Counter({ name: "helpdesk_embedded_texts_total", help: "Texts sent to the embedding model", registers: [metrics] });
  return replaceEmbedVectors(embedder, (texts, options) => {
    counter.inc(texts.length);
    return embedder.embedVectors(texts, options);
  });
}
