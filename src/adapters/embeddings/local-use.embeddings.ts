import { Embeddings } from "@langchain/core/embeddings";
import { nonEmptyText, type EmbedOptions, type Embedder } from "./embedder.js";
import { EmbeddingWorkerPool, type WorkerPoolOptions, type WorkerPoolStats } from "./worker-pool.js";

export interface LocalUseEmbeddingsOptions extends Pick<WorkerPoolOptions, "threads" | "batchSize" | "runtime" | "onModelCall"> {
  /** Told the pool's state once every worker has loaded the model (which runtime each one uses). */
  onReady?: (stats: WorkerPoolStats) => void;
}

/**
 * Inputs are cut to this many characters. USE lite was trained on sentences and short paragraphs
 * and averages over its tokens, so text past a few hundred words dilutes the vector rather than
 * adding meaning; meanwhile cost grows with length (measured here on TF.js: ~118 texts/s at 60 chars,
 * ~10/s at 2,000, ~7/s at 8,000) and so does the model's never-released batch memory.
 * Callers that need the whole of a long document embedded should chunk it first.
 */
export const USE_MAX_INPUT_CHARS = 2_000;

/** Makes any string safe and affordable for the model: never empty, never longer than the cap. */
export function prepareUseInput(text: string): string {
  if (text.length <= USE_MAX_INPUT_CHARS) return nonEmptyText(text);
  let end = USE_MAX_INPUT_CHARS;
  // Cutting between the halves of a surrogate pair would leave an invalid character behind.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return nonEmptyText(text.slice(0, end));
}

/**
 * Universal Sentence Encoder lite (512-d), shipped inside npm so it works offline; run on onnxruntime
 * where it loads, else on TF.js (ADR 0003). Runs in worker threads because a call blocks its thread for
 * milliseconds to tens of milliseconds, which the HTTP event loop cannot afford.
 */
export class LocalUseEmbeddings extends Embeddings implements Embedder {
  readonly modelId = "use-lite-512";
  readonly dimensions = 512;
  private readonly pool: EmbeddingWorkerPool;
  private readonly onReady: LocalUseEmbeddingsOptions["onReady"];

  constructor(options: LocalUseEmbeddingsOptions = {}) {
    // LangChain's retrying caller is for flaky remote APIs; the pool handles its own failures.
    super({});
    this.pool = new EmbeddingWorkerPool(options);
    this.onReady = options.onReady;
  }

  /** Unit-length Float32Array per text, in order; cheaper than embedDocuments for the service. */
  embedVectors(texts: string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    return this.pool.embed(texts.map(prepareUseInput), options.urgent ?? false);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors = await this.embedVectors(texts);
    return vectors.map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedVectors([text], { urgent: true });
    if (!vector) throw new Error("Embedding pool returned no vector for the query");
    return Array.from(vector);
  }

  async warmUp(): Promise<void> {
    await this.pool.warmUp();
    this.onReady?.(this.pool.stats());
  }

  /** The worker pool's state: which runtime the workers use, restarts, slow-path calls. */
  stats(): WorkerPoolStats {
    return this.pool.stats();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
