import { afterAll, describe, expect, it } from "vitest";
import { LocalUseEmbeddings } from "../../../../src/adapters/embeddings/local-use.embeddings.js";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe("urgent embeddings (questions) go ahead of bulk indexing", () => {
  const embedder = new LocalUseEmbeddings({ threads: 1, batchSize: 16 });
  afterAll(() => embedder.close());

  it("finishes questions asked after a large bulk before the bulk, with the same vectors as alone", async () => {
    await embedder.warmUp();
    const bulkTexts = Array.from({ length: 320 }, (_, i) => `Bulk ticket number ${i} about a delayed parcel and a refund question`);
    const questions = ["How do I reset my password?", "Where is my invoice?", "Can I print labels in bulk?", "How do I enable two-factor login?"];
    const finished: string[] = [];
    const bulk = embedder.embedVectors(bulkTexts).then((v) => (finished.push("bulk"), v));
    const asked = questions.map((q, i) => embedder.embedVectors([q], { urgent: true }).then((v) => (finished.push(`q${i}`), v)));
    const [questionVectors] = await Promise.all([Promise.all(asked), bulk]);
    expect(finished.at(-1)).toBe("bulk");
    // Coalesced into shared batches, each question still gets its own vector.
    for (const [i, q] of questions.entries()) {
      const [alone] = await embedder.embedVectors([q]);
      expect(dot(questionVectors[i]![0]!, alone!)).toBeGreaterThan(0.999);
    }
  });
});
