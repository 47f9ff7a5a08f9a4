import { describe, expect, it } from "vitest";
import { KeywordIndex } from "../../../../src/adapters/index/keyword-index.js";

/** 200 tickets about cards (a term in every one of them) and a few that say more. */
function cardDesk(): KeywordIndex {
  const index = KeywordIndex.empty();
  for (let i = 0; i < 200; i++) index.upsert(`plain-${i}`, `question about my card number ${i}`);
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
