import { describe, expect, it } from "vitest";
import { contentStems, DENSE_WEIGHT, LEXICAL_DIMENSIONS, LexicalSpace } from "../../../src/gaps/lexical.js";
import { dot, normalize } from "../../../src/gaps/vectors.js";

const texts = ["My transfer was declined", "Why did my transfer fail?", "The transfer failed again", "How do I order a new card?"];

describe("word vectors beside sentence vectors", () => {
  it("stems content words and drops function words and numbers", () => {
    expect(contentStems("The cards were declined 3 times and it is annoying")).toEqual(["card", "declin", "time", "annoy"]);
  });

  it("gives texts that share rare words a higher cosine than texts that share none", () => {
    const space = LexicalSpace.fit(texts.map(contentStems));
    const [declined, fail, failed, card] = texts.map((t) => space.vector(contentStems(t)));
    expect(dot(fail!, failed!)).toBeGreaterThan(0.5);
    expect(Math.abs(dot(declined!, card!))).toBeLessThan(0.2);
    expect(dot(fail!, fail!)).toBeCloseTo(1, 5);
  });

  it("combines so that the cosine is the weighted sum of sentence and word cosines", () => {
    const space = LexicalSpace.fit(texts.map(contentStems));
    const a = normalize(Float32Array.from({ length: 8 }, (_, i) => i + 1));
    const b = normalize(Float32Array.from({ length: 8 }, (_, i) => 8 - i));
    const [sa, sb] = [contentStems(texts[1]!), contentStems(texts[2]!)];
    const combined = dot(space.combine(a, sa), space.combine(b, sb));
    const expected = DENSE_WEIGHT * dot(a, b) + (1 - DENSE_WEIGHT) * dot(space.vector(sa), space.vector(sb));
    expect(combined).toBeCloseTo(expected, 5);
    expect(space.combine(a, sa)).toHaveLength(8 + LEXICAL_DIMENSIONS);
  });

  it("keeps a text without content words a unit vector, carried by its sentence part alone", () => {
    const space = LexicalSpace.fit(texts.map(contentStems));
    const a = normalize(Float32Array.from({ length: 8 }, (_, i) => i + 1));
    const combined = space.combine(a, contentStems("the and of 42"));
    expect(dot(combined, combined)).toBeCloseTo(1, 5);
    expect(dot(combined.subarray(0, 8), a)).toBeCloseTo(1, 5);
  });
});
