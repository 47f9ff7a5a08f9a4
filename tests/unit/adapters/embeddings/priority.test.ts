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

  it("groups questions that wait together into one call and reports every call's size and priority", async () => {
    const calls: string[] = [];
    const pool = new LocalUseEmbeddings({ threads: 1, batchSize: 4, onModelCall: (texts, urgent) => calls.push(`${urgent ? "question" : "bulk"} ${texts}`) });
    try {
      await pool.warmUp();
      const bulk = pool.embedVectors(Array.from({ length: 10 }, (_, i) => `Bulk ticket ${i} about a parcel`));
      // Asked while the first bulk batch runs: they wait together and go next, in one call.
      const questions = ["Where is my invoice?", "How do I reset my password?", "Can I pay by card?"].map((q) => pool.embedVectors([q], { urgent: true }));
      await Promise.all([bulk, ...questions]);
      expect(calls).toEqual(["bulk 4", "question 3", "bulk 4", "bulk 2"]);
    } finally {
      await pool.close();
    }
  });
});
