import type { DraftInput, DraftSource } from "../../../src/copilot/drafter.js";

/** Sources as the suggestion service hands them over, for the offline drafter's tests. */

export const TITLE = "Address validation: fix undeliverable addresses";
export const ARTICLE_URL = "https://help.example/articles/address-validation";

/** An article chunk as retrieval hands it over: title line first, then plain text with steps. */
export const stepsArticle: DraftSource = {
  n: 1,
  kind: "article",
  id: "kb-address-validation",
  title: TITLE,
  url: ARTICLE_URL,
  score: 0.82,
  text: `${TITLE}\n\nWe check every ship-to address before you buy a label.\n\nAccept or reject a suggestion\n\n 1. Open the order and click the warning next to the address.\n 2. Compare the original and suggested address.\n 3. Click Use suggestion, or Keep original if you're sure.`,
};

export const proseArticle: DraftSource = {
  n: 1,
  kind: "article",
  id: "kb-notifications",
  title: "Choose which notifications you receive",
  url: "https://help.example/articles/notifications",
  score: 0.7,
  text:
    "Choose which notifications you receive\n\nDaily summary\n\n" +
    "Packmoth can notify your team about things that need attention. Security alerts can't be turned off. " +
    "Instead of individual emails, switch on the daily summary. You can choose the time the summary arrives. " +
    "Admins can send exceptions to a shared inbox.",
};

export const resolution: DraftSource = {
  n: 2,
  kind: "ticket",
  id: "T-10001",
  title: "Pickup fee?",
  score: 0.74,
  text: "Hello Emma,\n\nGo to Shipments → Pickups → Schedule pickup and click Book pickup. Bluefinch pickups are free from 5 parcels.\n\nThanks,\nHannah",
};

export function input(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    customerName: "Maria Lopez",
    question: "The address on my order shows a warning. How do I accept the suggested address?",
    language: "en",
    sentiment: "neutral",
    sources: [stepsArticle],
    ...overrides,
  };
}
