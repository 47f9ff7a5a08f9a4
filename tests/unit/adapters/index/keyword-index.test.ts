import { describe, expect, it } from "vitest";
import MiniSearch from "minisearch";
import { KeywordIndex } from "../../../../src/adapters/index/keyword-index.js";
import { prunedSearch, type TermRules } from "../../../../src/adapters/index/bm25-scorer.js";

/** Tickets about cards (a term in every one of them) and a few that say more; 5,200 make pruning apply. */
function cardDesk(plain = 5_200): KeywordIndex {
  const index = KeywordIndex.empty();
  for (let i = 0; i < plain; i++) index.upsert(`plain-${i}`, `question about my card number ${i}`);
  index.upsert("chargeback-1", "card payment chargeback request");
  index.upsert("chargeback-2", "chargeback on a card payment I did not make, card blocked");
  index.upsert("pin-1", "forgot the pin of my card");
  return index;
}

describe("BM25 keyword index", () => {
  it("ranks by the informative terms of a query while every term still scores", () => {
    const index = cardDesk();
    const hits = index.search("my card payment chargeback", 5);
    expect(hits.slice(0, 2).map((h) => h.key).sort()).toEqual(["chargeback-1", "chargeback-2"]);
    // "card" (in every document) chooses no candidates but still adds to their score.
    const withoutCard = index.search("my payment chargeback", 5);
    expect(hits[0]!.score).toBeGreaterThan(withoutCard.find((h) => h.key === hits[0]!.key)!.score);
    // Documents holding only the common term are not candidates once the index is large.
    expect(hits.map((h) => h.key)).not.toContain("plain-0");
  });

  it("searches every document of a small index", () => {
    const hits = cardDesk(200).search("my card payment chargeback", 5);
    expect(hits).toHaveLength(5);
    expect(hits.slice(0, 2).map((h) => h.key).sort()).toEqual(["chargeback-1", "chargeback-2"]);
  });

  it("answers a query made only of common terms", () => {
    expect(cardDesk().search("card", 3)).toHaveLength(3);
  });

  it("keeps prefix and typo tolerance for short questions", () => {
    expect(cardDesk().search("my card chargebak", 1)[0]?.key).toMatch(/^chargeback-/);
    expect(cardDesk().search("chargebacks", 1)[0]?.key).toMatch(/^chargeback-/);
  });

  it("applies the filter to the candidates", () => {
    const hits = cardDesk().search("card chargeback", 5, (key) => key !== "chargeback-2");
    expect(hits.map((h) => h.key)).not.toContain("chargeback-2");
    expect(hits[0]!.key).toBe("chargeback-1");
  });

  it("finds the same documents after a save and load", () => {
    const index = cardDesk();
    const loaded = KeywordIndex.fromJSON(index.toJSON());
    expect(loaded.search("card pin", 3)).toEqual(index.search("card pin", 3));
  });
});

describe("scoring chosen candidates", () => {
  const rules: TermRules = { prefix: (term) => term.length > 4, fuzzy: (term) => (term.length > 5 ? 0.15 : 0) };
  const docs = [
    "card payment declined at the shop",
    "my payments were declined twice, card payment again",
    "transfer pending for days",
    "transferred money has not arrived",
    "transfers to another bank",
    "exchange rate on a transfer abroad",
    "declined card, pin blocked after three tries",
    "paymnt refused by the terminal",
  ].map((text, i) => ({ id: `d${i}`, text }));

  it("gives each document MiniSearch's own score, prefix, typo and repeated terms included", () => {
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], searchOptions: rules });
    engine.addAll(docs);
    for (const query of ["card payment declined", "transfer transfer pending", "payment transfers declined abroad"]) {
      const terms = query.toLowerCase().split(/\s+/);
      const expected = engine.search(query).map((r) => ({ key: String(r.id), score: r.score }));
      // Every query term chooses the candidates: MiniSearch's own OR query.
      const got = prunedSearch(engine as MiniSearch<unknown>, terms, terms, rules, docs.length);
      expect(got.map((r) => r.key)).toEqual(expected.map((r) => r.key));
      got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 10));
    }
  });

  it("prunes to the documents holding a chosen term (typos and prefixes too), ranked as MiniSearch ranks them", () => {
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], searchOptions: rules });
    engine.addAll(docs);
    const query = "payment transfers declined";
    const terms = query.split(" ");
    const got = prunedSearch(engine as MiniSearch<unknown>, terms, ["payment"], rules, 10);
    // MiniSearch's own search for "payment" names the documents it matches (d7's typo "paymnt" included).
    const chosen = new Set(engine.search("payment").map((r) => String(r.id)));
    expect([...chosen].sort()).toEqual(["d0", "d1", "d7"]);
    const expected = engine.search(query).filter((r) => chosen.has(String(r.id)));
    expect(got.map((r) => r.key)).toEqual(expected.map((r) => String(r.id)));
    got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 10));
    expect(prunedSearch(engine as MiniSearch<unknown>, terms, ["payment"], rules, 10, (key) => key !== "d0").map((r) => r.key).sort()).toEqual(["d1", "d7"]);
  });

  it("never returns a discarded document, though MiniSearch keeps it in its postings until it vacuums", () => {
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], searchOptions: rules, autoVacuum: false });
    engine.addAll(docs);
    engine.discard("d1");
    expect(engine.dirtCount).toBe(1);
    const got = prunedSearch(engine as MiniSearch<unknown>, ["payment", "declined"], ["payment"], rules, 10);
    expect(got.map((r) => r.key).sort()).toEqual(["d0", "d7"]);
  });

  it("gives the same results after every add, discard and vacuum, though repeated queries reuse their terms' matches", async () => {
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], searchOptions: rules, autoVacuum: false });
    engine.addAll(docs);
    const query = ["payment", "declined"];
    const search = (termRules: TermRules) => prunedSearch(engine as MiniSearch<unknown>, query, query, termRules, 20);
    // Term matches are remembered per rules object: a copy of the rules has none remembered yet.
    const same = () => expect(search(rules)).toEqual(search({ ...rules }));
    const asMiniSearch = () => {
      const expected = engine.search(query.join(" "));
      const got = search(rules);
      expect(got.map((r) => r.key)).toEqual(expected.map((r) => String(r.id)));
      got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 10));
    };
    asMiniSearch();
    asMiniSearch();
    // A new prefix match of "payment", then a new typo match: found, and every IDF moves.
    engine.add({ id: "new-1", text: "paymentplan declined" });
    asMiniSearch();
    engine.add({ id: "new-2", text: "paymnet declined again" });
    asMiniSearch();
    // A discard changes the live document count (MiniSearch keeps the postings until it vacuums).
    engine.discard("new-1");
    same();
    expect(search(rules).map((r) => r.key)).not.toContain("new-1");
    // Vacuuming drops the discarded document from the postings, and so changes document frequencies,
    // in batches between which searches run; only when it ends does the document count say so.
    const vacuum = engine.vacuum({ batchSize: 1, batchWait: 2 });
    let checkedDuring = 0;
    while (engine.isVacuuming) {
      same();
      checkedDuring++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await vacuum;
    expect(checkedDuring).toBeGreaterThan(3);
    asMiniSearch();
  });

  it("ranks past the filter as MiniSearch ranks, however many of the best candidates the filter turns away", () => {
    // 300 documents of one subject with scores spread by length; the filter lets one in ten through, so
    // the best candidates are mostly rejected and ranking has to read further down the list.
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `m${i}`, text: `parcel late ${"and still waiting ".repeat(i % 17)}order ${i}` }));
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], searchOptions: rules });
    engine.addAll(many);
    const accept = (key: string) => key.endsWith("7");
    const expected = engine.search("parcel late").filter((r) => accept(String(r.id)));
    for (const limit of [3, 25]) {
      const got = prunedSearch(engine as MiniSearch<unknown>, ["parcel", "late"], ["parcel", "late"], rules, limit, accept);
      expect(got.map((r) => r.key)).toEqual(expected.slice(0, limit).map((r) => String(r.id)));
      got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 10));
    }
  });
});
