import { describe, expect, it } from "vitest";
import { ticketQuestionText } from "../../../src/ingest/prepare.js";

describe("ticketQuestionText", () => {
  it("joins subject, description and the customer's messages, leaving the agent's out", () => {
    const text = ticketQuestionText({
      subject: "Parcel missing",
      description: "The tracking page has said 'out for delivery' since Monday.",
      messages: [
        { author: "agent", body: "Sorry to hear that, let me check with the carrier." },
        { author: "customer", body: "Still nothing today." },
      ],
    });
    expect(text).toBe("Parcel missing\nThe tracking page has said 'out for delivery' since Monday.\nStill nothing today.");
  });

  it("counts a chat ticket's repeated words once: subject equal to the description, description repeated as the first message", () => {
    const body = "How do I change the e-mail address on my account?";
    expect(ticketQuestionText({ subject: body, description: body, messages: [{ author: "customer", body }] })).toBe(body);
    expect(ticketQuestionText({ subject: "HOW do I change  the e-mail address on my account?", description: body })).toBe("HOW do I change  the e-mail address on my account?");
  });

  it("drops a subject that is the opening of the description, as channels cut it from the first message", () => {
    const text = ticketQuestionText({ subject: "My order arrived with two items… ", description: "My order arrived with two items missing, the box was open." });
    expect(text).toBe("My order arrived with two items missing, the box was open.");
    expect(ticketQuestionText({ subject: "Where is my parcel...", description: "Where is my parcel? It left the depot on Monday." })).toBe("Where is my parcel? It left the depot on Monday.");
  });

  it("keeps a subject that only shares words with the description", () => {
    expect(ticketQuestionText({ subject: "Refund", description: "Where is my refund for order 1182?" })).toBe("Refund\nWhere is my refund for order 1182?");
  });
});
