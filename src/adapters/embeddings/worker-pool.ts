import { Worker } from "node:worker_threads";

export interface WorkerPoolOptions {
  /** Worker threads, each with its own copy of the model (two workers after warm-up, measured: 435 MB RSS in all on onnxruntime, 405 MB on TF.js). */
  threads?: number;
  /** Texts per model call (default 4, see DEFAULT_EMBED_BATCH); the model's memory grows with it and is never given back. */
  batchSize?: number;
  /** Lets tests or other models reuse the pool; defaults to the USE lite worker. */
  workerUrl?: URL;
  /**
   * "auto" (default): each worker runs the model on onnxruntime when it loads and its vectors match
   * TF.js's at start (see use-worker.mjs), else on TF.js; "tfjs": always TF.js.
   */
  runtime?: EmbeddingRuntime;
  /** Told the size of every model call, for a metric of how well questions are grouped. */
  onModelCall?: (texts: number, urgent: boolean) => void;
}

export const EMBEDDING_RUNTIMES = ["auto", "tfjs"] as const;
export type EmbeddingRuntime = (typeof EMBEDDING_RUNTIMES)[number];

export interface WorkerPoolStats {
  workers: number;
  ready: number;
  busy: number;
  queuedBatches: number;
  restarts: number;
  /** Ready workers that run the model on a fast path, with the masks fed in: onnxruntime, or TF.js synchronously (see use-worker.mjs). */
  syncWorkers: number;
  /** Model calls that fell back to the library's own, slower path (texts the fast paths refused). */
  libraryCalls: number;
  /** Ready workers that run the model on onnxruntime. */
  nativeWorkers: number;
  /** Why a ready worker does not use onnxruntime (the first such reason), if one does not. */
  nativeUnavailable: string | undefined;
}

interface Job {
  id: number;
  texts: string[];
  attempts: number;
  /** Test-only: how many of the first attempts tell the worker to die instead of embedding. */
  crashesToInject: number;
  /** A question someone is waiting on: goes ahead of bulk indexing work. */
  urgent: boolean;
  resolve(vectors: Float32Array[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Whether the worker said it runs the model synchronously. */
  sync: boolean;
  /** Whether the worker said it runs the model on onnxruntime, and if not, why. */
  native: boolean;
  nativeNote: string | undefined;
  job: Job | null;
  lastError: string | undefined;
  readyPromise: Promise<void>;
  settleReady(err?: Error): void;
}

type WorkerMessage =
  | { type: "ready"; sync?: boolean; runtime?: string; runtimeNote?: string }
  | { type: "fatal"; error: string }
  | { id: number; vectors: Float32Array[]; viaLibrary?: boolean }
  | { id: number; error: string };

/** How long close() waits for a worker to release its model and end before terminating it. */
const CLOSE_GRACE_MS = 5_000;

/** A batch gets one retry: a second crash on the same texts is most likely caused by them. */
const MAX_ATTEMPTS = 2;

/**
 * A USE lite call costs about its batch size × its longest text (the shorter texts are padded), so
 * large or mixed-length batches spend much of their time on padding; the vectors are the same either
 * way (checked: a text embedded alone and in a mixed batch gives identical values). Measured with
 * `npx tsx bench/embedding-batch.micro.ts` on TF.js (2 threads, medians, quiet, 30 November 2026): on
 * texts of one to four questions, batch 16 in input order 47 texts/s, sorted by length 67, batch 4
 * sorted 110; on single questions, batch 16 in order 175/s, batch 4 sorted 276, batch 8 sorted 269.
 * On onnxruntime (ADR 0003; same micro-benchmark, 1 December 2026): single questions sorted by length
 * 600, 755, 845, 922 and 941/s in calls of 1, 2, 4, 8 and 16; texts of one to four questions 394/s in
 * calls of 4 and 398 in calls of 8, 379 in 16. Batches of 4–8 are close for the texts ingestion
 * embeds; 4 keeps the model's working memory small, and groups of waiting questions rarely exceed it.
 */
export const DEFAULT_EMBED_BATCH = 4;

/** Cuts texts into batches of similar length (as indices into `texts`): sorted by length, then cut in runs. */
export function lengthSortedBatches(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

export class EmbeddingWorkerPool {
  private readonly threads: number;
  private readonly batchSize: number;
  private readonly workerUrl: URL;
  private readonly onModelCall: WorkerPoolOptions["onModelCall"];
  private readonly runtime: EmbeddingRuntime;
  private readonly slots = new Set<Slot>();
  private queue: Job[] = [];
  private nextId = 1;
  private restarts = 0;
  private libraryCalls = 0;
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? 2));
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_EMBED_BATCH));
    this.workerUrl = options.workerUrl ?? new URL("./use-worker.mjs", import.meta.url);
    this.onModelCall = options.onModelCall;
    this.runtime = options.runtime ?? "auto";
  }

  /** Starts the workers if needed and resolves once every one of them has loaded the model. */
  async warmUp(): Promise<void> {
    this.start();
    await Promise.all([...this.slots].map((s) => s.readyPromise));
  }

  /** `urgent` texts (a customer's question) jump ahead of queued bulk batches. */
  embed(texts: string[], urgent = false): Promise<Float32Array[]> {
    return this.enqueue(texts, 0, urgent);
  }

  /** Test-only: embeds `texts`, but the worker holding the batch dies on its first `crashes` tries. */
  embedInjectingCrashes(texts: string[], crashes: number): Promise<Float32Array[]> {
    return this.enqueue(texts, crashes, false);
  }

  stats(): WorkerPoolStats {
    const slots = [...this.slots];
    return {
      workers: slots.length,
      ready: slots.filter((s) => s.ready).length,
      busy: slots.filter((s) => s.job !== null).length,
      queuedBatches: this.queue.length,
      restarts: this.restarts,
      syncWorkers: slots.filter((s) => s.ready && s.sync).length,
      libraryCalls: this.libraryCalls,
      nativeWorkers: slots.filter((s) => s.ready && s.native).length,
      nativeUnavailable: slots.find((s) => s.ready && !s.native)?.nativeNote,
    };
  }

  /** Rejects pending work and terminates every worker; idle workers keep the process alive until then. */
  async close(): Promise<void> {
    this.closed = true;
    const err = new Error("Embedding worker pool is closed");
    for (const job of this.queue) job.reject(err);
    this.queue = [];
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) {
      slot.job?.reject(err);
      slot.job = null;
      slot.settleReady(err);
    }
    await Promise.all(slots.map((s) => this.stop(s.worker)));
  }

  /**
   * Asks a worker to release its model and end; terminates it if it has not within the grace time (a
   * worker stuck in a long model call). onnxruntime's session must be released on its own thread:
   * terminating a worker that holds one could abort the process at exit (use-worker.mjs).
   */
  private async stop(worker: Worker): Promise<void> {
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage({ close: true });
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"grace over">((resolve) => (timer = setTimeout(() => resolve("grace over"), CLOSE_GRACE_MS)));
    const outcome = await Promise.race([exited, graceOver]);
    clearTimeout(timer);
    if (outcome === "grace over") await worker.terminate();
  }

  private async enqueue(texts: string[], crashesToInject: number, urgent: boolean): Promise<Float32Array[]> {
    if (this.closed) throw new Error("Embedding worker pool is closed");
    if (texts.length === 0) return [];
    this.start();
    const batches = lengthSortedBatches(texts, this.batchSize);
    const done = batches.map(
      (indices) =>
        new Promise<Float32Array[]>((resolve, reject) => {
          const job: Job = { id: this.nextId++, texts: indices.map((i) => texts[i]!), attempts: 0, crashesToInject, urgent, resolve, reject };
          // Urgent work goes after earlier urgent work and before every bulk batch.
          const at = urgent ? this.queue.findIndex((queued) => !queued.urgent) : -1;
          if (at === -1) this.queue.push(job);
          else this.queue.splice(at, 0, job);
        }),
    );
    this.pump();
    // Batches ran in length order, on whichever worker was free: put each vector back in input order.
    const vectors = new Array<Float32Array>(texts.length);
    (await Promise.all(done)).forEach((batchVectors, b) => batches[b]!.forEach((textIndex, j) => (vectors[textIndex] = batchVectors[j]!)));
    return vectors;
  }

  private start(): void {
    if (this.closed) throw new Error("Embedding worker pool is closed");
    while (this.slots.size < this.threads) this.spawn();
  }

  private spawn(): void {
    // An empty execArgv keeps tsx's loader (and vitest's flags) out of the worker: it is plain JS,
    // starts faster without them, and some parent flags are rejected inside workers.
    const worker = new Worker(this.workerUrl, { execArgv: [], workerData: { runtime: this.runtime } });
    let settle!: (err?: Error) => void;
    const readyPromise = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    // Nobody may be waiting on warmUp(); a load failure still reaches callers through their jobs.
    readyPromise.catch(() => undefined);
    const slot: Slot = { worker, ready: false, sync: false, native: false, nativeNote: undefined, job: null, lastError: undefined, readyPromise, settleReady: settle };
    this.slots.add(slot);
    worker.on("message", (msg: WorkerMessage) => this.onMessage(slot, msg));
    // Without a listener an uncaught error in the worker would be rethrown in this thread.
    worker.on("error", (err) => (slot.lastError = err.stack ?? err.message));
    worker.on("exit", (code) => this.onExit(slot, code));
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if ("type" in msg) {
      if (msg.type === "fatal") {
        slot.lastError = msg.error;
        return;
      }
      slot.ready = true;
      slot.sync = msg.sync === true;
      slot.native = msg.runtime === "onnxruntime";
      slot.nativeNote = msg.runtimeNote;
      slot.settleReady();
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    slot.job = null;
    if ("error" in msg) job.reject(new Error(`Embedding model failed on a batch of ${job.texts.length} texts: ${msg.error}`));
    else {
      if (msg.viaLibrary) this.libraryCalls++;
      job.resolve(msg.vectors);
    }
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.delete(slot) || this.closed) return;
    const reason = slot.lastError ?? `exit code ${code}`;
    if (!slot.ready) {
      // A worker that cannot load the model will not do better when restarted in a loop.
      const err = new Error(`Embedding worker could not load the model: ${reason}`);
      slot.settleReady(err);
      if (this.slots.size === 0) {
        for (const job of this.queue) job.reject(err);
        this.queue = [];
      }
      return;
    }
    const job = slot.job;
    if (job) {
      if (job.attempts >= MAX_ATTEMPTS) {
        job.reject(
          new Error(`Embedding worker crashed ${job.attempts} times on the same batch of ${job.texts.length} texts; last: ${reason}`),
        );
      } else {
        this.queue.unshift(job);
      }
    }
    this.restarts++;
    this.spawn();
    this.pump();
  }

  /**
   * Micro-batching: questions that queued up while the workers were busy go to the model together in
   * one call, then are split again. A call has a fixed cost besides its texts: on TF.js, on both
   * threads, calls of one question gave 215–220 questions/s, calls of two 266–269, calls of four
   * 271–290 (`bench/embedding-batch.micro.ts`, 30 November 2026); on onnxruntime 600, 755 and 845
   * (1 December 2026). Nothing is held back to fill a batch: on TF.js a window that let a free thread
   * wait up to 4 ms for a call of four raised the questions per call from 2.2 to 2.9 and left
   * throughput where it was, with a fifth of the cores idle (bench/README.md, "Why questions stay
   * below 80 %"). Not measured again on onnxruntime.
   */
  private takeNext(): Job | undefined {
    const first = this.queue.shift();
    if (!first?.urgent || first.crashesToInject > 0) return first;
    const group = [first];
    let size = first.texts.length;
    while (this.queue[0]?.urgent && this.queue[0].crashesToInject === 0 && size + this.queue[0].texts.length <= this.batchSize) {
      const next = this.queue.shift()!;
      group.push(next);
      size += next.texts.length;
    }
    if (group.length === 1) return first;
    return {
      id: this.nextId++,
      texts: group.flatMap((job) => job.texts),
      attempts: 0,
      crashesToInject: 0,
      urgent: true,
      resolve: (vectors) => {
        let offset = 0;
        for (const job of group) {
          job.resolve(vectors.slice(offset, offset + job.texts.length));
          offset += job.texts.length;
        }
      },
      reject: (error) => group.forEach((job) => job.reject(error)),
    };
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.takeNext();
      if (!job) return;
      slot.job = job;
      job.attempts++;
      const crash = job.attempts <= job.crashesToInject;
      if (!crash) this.onModelCall?.(job.texts.length, job.urgent);
      slot.worker.postMessage(crash ? { id: job.id, crash: true } : { id: job.id, texts: job.texts });
    }
  }
}
