import { OpenAIEmbeddings } from "@langchain/openai";
import { l2Normalize, nonEmptyText, type Embedder } from "./embedder.js";

export interface OpenAiEmbedderOptions {
  /** Falls back to OPENAI_API_KEY inside the OpenAI client when absent. */
  apiKey?: string;
  /** For OpenAI-compatible servers, e.g. http://127.0.0.1:8080/v1 */
  baseURL?: string;
  model: string;
  /**
   * Sent to the API as `dimensions` (text-embedding-3 models shorten their output to it) and
   * checked against every response. When absent it is discovered by warmUp().
   */
  dimensions?: number;
}

/** Texts per HTTP request: big enough to amortise latency, small enough to stay under request limits. */
const REQUEST_BATCH = 64;
const PROBE_TEXT = "dimension probe";

class OpenAiEmbedder implements Embedder {
  readonly modelId: string;
  private dims: number | undefined;
  private readonly client: OpenAIEmbeddings;

  constructor(options: OpenAiEmbedderOptions) {
    this.modelId = `openai:${options.model}`;
    this.dims = options.dimensions;
    this.client = new OpenAIEmbeddings({
      model: options.model,
      apiKey: options.apiKey,
      dimensions: options.dimensions,
      batchSize: REQUEST_BATCH,
      // The SDK otherwise asks for base64 and decodes it blindly; many OpenAI-compatible servers
      // ignore encoding_format and answer with floats, which that decoding would turn into garbage.
      encodingFormat: "float",
      configuration: options.baseURL ? { baseURL: options.baseURL } : undefined,
    });
  }

  get dimensions(): number {
    // Failing loudly beats handing an index a dimension of 0 or a guess.
    if (this.dims === undefined) throw new Error(`${this.modelId}: dimensions unknown until warmUp() or a first embedVectors() has run`);
    return this.dims;
  }

  async embedVectors(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const raw = await this.client.embedDocuments(texts.map(nonEmptyText));
    if (raw.length !== texts.length) {
      throw new Error(`${this.modelId}: asked for ${texts.length} embeddings, got ${raw.length}`);
    }
    const vectors = raw.map(l2Normalize);
    for (const v of vectors) {
      this.dims ??= v.length;
      if (v.length !== this.dims) {
        throw new Error(`${this.modelId}: expected ${this.dims}-d vectors, the server returned ${v.length}-d`);
      }
    }
    return vectors;
  }

  async warmUp(): Promise<void> {
    // A configured size needs no request, so startup does not depend on the network being up.
    if (this.dims === undefined) await this.embedVectors([PROBE_TEXT]);
  }

  async close(): Promise<void> {
    // Nothing to release: the client's idle keep-alive sockets are unref'd and never hold the process.
  }
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  return new OpenAiEmbedder(options);
}
