import type { KnowledgeStore } from "../adapters/store/knowledge-store.js";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { Embedder } from "../adapters/embeddings/embedder.js";
import type { ChunkOptions } from "../ingest/chunk.js";
import type { Redactor } from "../ingest/redact.js";
import type { SignalDetector } from "./signals.js";

/** What answering a customer's question needs, for instant answers and reply suggestions alike. */
export interface QuestionDeps {
  store: KnowledgeStore;
  holder: IndexHolder;
  embedder: Embedder;
  redact: Redactor;
  detectSignals: SignalDetector;
  chunking: ChunkOptions;
}
