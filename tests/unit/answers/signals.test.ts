import { describe, expect, it } from "vitest";
import { createSignalDetector } from "../../../src/answers/signals.js";

const detect = createSignalDetector({ sensitiveTopics: ["refund", "legal", "account_security", "cancellation"], extraSensitiveTerms: ["press inquiry"], negativeThreshold: -0.4 });

describe("escalation signals", () => {
  it.each([
    "Can I talk to a human please?",
    "I want to speak with a real person",
    "let me chat to an agent",
    "Ich möchte mit einem Menschen sprechen",
    "Quiero hablar con una persona",
    "Je veux parler à un humain",
  ])("hears a request for a person: %s", (text) => {
    expect(detect(text).humanRequested).toBe(true);
  });

  it.each([
    ["I want my money back", "refund"],
    ["I'll file a chargeback with my bank", "refund"],
    ["My lawyer will hear about this", "legal"],
    ["Someone logged into my account from Brazil", "account_security"],
    ["please cancel my subscription", "cancellation"],
    ["This is a press inquiry about your outage", "custom"],
  ])("finds the sensitive topic in %j", (text, topic) => {
    expect(detect(text).sensitiveTopic).toBe(topic);
  });

  it("finds no signal in a routine question", () => {
    const signals = detect("How do I print a shipping label for my order?");
    expect(signals.humanRequested).toBe(false);
    expect(signals.sensitiveTopic).toBeUndefined();
    expect(signals.sentiment.negative).toBe(false);
  });

  it("counts shouting and strong negative words as upset, but not a mild complaint", () => {
    expect(detect("THIS IS THE WORST SERVICE EVER, NOTHING WORKS!!!").sentiment.negative).toBe(true);
    expect(detect("This is awful, terrible and useless, I hate it").sentiment.negative).toBe(true);
    expect(detect("The label printer is a bit slow today, any tips?").sentiment.negative).toBe(false);
  });
});
