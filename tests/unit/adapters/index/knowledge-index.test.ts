import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "../../../../src/adapters/index/knowledge-index.js";

const vector = (i: number) => Float32Array.from({ length: 4 }, (_, d) => (d === i % 4 ? 1 : 0));

describe("knowledge index", () => {
  it("lists the articles solved tickets link, and forgets a link when its ticket goes or reopens", () => {
    const index = new KnowledgeIndex("test-model", 4, { m: 8, efConstruction: 50, ef: 16 });
    index.upsertTicket("t1", "h1", "printer jams", vector(0), { ticketId: "t1", status: "solved", articleIds: ["kb-printer"] });
    index.upsertTicket("t2", "h2", "invoice copy", vector(1), { ticketId: "t2", status: "closed", articleIds: ["kb-invoice", "kb-billing"] });
    index.upsertTicket("t3", "h3", "dark mode", vector(2), { ticketId: "t3", status: "open", articleIds: ["kb-open-only"] });
    expect([...index.linkedArticleIds()].sort()).toEqual(["kb-billing", "kb-invoice", "kb-printer"]);

    index.remove("ticket", "t1");
    index.upsertTicket("t2", "h2b", "invoice copy", vector(1), { ticketId: "t2", status: "open", articleIds: ["kb-invoice"] });
    expect([...index.linkedArticleIds()]).toEqual([]);
  });

  it("counts solved tickets and those that link an article, as the answer-confidence fit counts them", () => {
    const index = new KnowledgeIndex("test-model", 4, { m: 8, efConstruction: 50, ef: 16 });
    index.upsertTicket("t1", "h1", "printer jams", vector(0), { ticketId: "t1", status: "solved", articleIds: ["kb-printer"] });
    index.upsertTicket("t2", "h2", "invoice copy", vector(1), { ticketId: "t2", status: "closed" });
    index.upsertTicket("t3", "h3", "dark mode", vector(2), { ticketId: "t3", status: "open", articleIds: ["kb-theme"] });
    expect(index.solvedHistory()).toEqual({ solved: 2, linked: 1 });
    index.upsertTicket("t1", "h1b", "printer jams", vector(0), { ticketId: "t1", status: "open", articleIds: ["kb-printer"] });
    index.remove("ticket", "t2");
    expect(index.solvedHistory()).toEqual({ solved: 0, linked: 0 });
  });
});
