import { describe, expect, it } from "vitest";
import { labelFrom, topicKeywords } from "../../../src/gaps/keywords.js";
import { terms } from "../../../src/gaps/stopwords.js";

describe("c-TF-IDF topic keywords", () => {
  const customs = [
    "My parcel is stuck in customs, who pays the import duties?",
    "Customs duties charged to my customer on delivery",
    "Import duties and customs fees for Norway",
    "Why was my customer asked for customs duties?",
  ];
  const password = ["I forgot my password", "Password reset link expired", "Cannot reset my password"];
  const background = ["Hi, please help with my label", "Label printing is blank, please help", "Thanks for the help with the label"];

  it("names a topic by the words that set it apart, not by words every ticket uses", () => {
    const [first, second] = topicKeywords([customs, password], background);
    expect(first!.keywords.slice(0, 3).join(" ")).toMatch(/customs/);
    expect(first!.keywords.join(" ")).toMatch(/duties/);
    expect(second!.keywords[0]).toMatch(/password/);
    for (const result of [first!, second!]) expect(result.keywords).not.toContain("help");
  });

  it("prefers a recurring bigram over repeating its words", () => {
    const [result] = topicKeywords([customs], [...background, ...password]);
    expect(result!.keywords).toContain("customs duties");
    expect(result!.keywords).not.toContain("duties");
  });

  it("weights a term as frequency in the topic times log(1 + average terms per class / overall frequency)", () => {
    // Hand-computed reference. Topic: alpha ×3, beta ×2 (zeta ×1 is below the recurrence minimum);
    // background: alpha ×2, gamma ×1. Average terms per class A = (6 + 3) / 2 = 4.5.
    // alpha: 3/3 · ln(1 + 4.5/5) = 0.642; beta: 2/3 · ln(1 + 4.5/2) = 0.786. Raw frequency would put
    // alpha first; c-TF-IDF puts beta first because alpha is common outside the topic too.
    const [result] = topicKeywords([["alpha the beta", "alpha the beta", "alpha the zeta"]], ["alpha", "alpha", "gamma"]);
    expect(result!.keywords).toEqual(["beta", "alpha"]);
  });

  it("drops stopwords, placeholders and numbers from terms", () => {
    // A dropped word also breaks the bigram chain: "order … charged" is not a phrase.
    expect(terms("Hi, my [EMAIL] order 12345 was charged twice!")).toEqual(["order", "charged", "twice", "charged twice"]);
  });

  it("labels with the strongest terms, capitalised", () => {
    expect(labelFrom(["customs duties", "norway", "import"])).toBe("Customs duties, norway");
    expect(labelFrom([])).toBe("Unlabelled topic");
  });
});
