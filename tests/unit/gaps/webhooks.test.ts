import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHmac } from "node:crypto";
import { KnowledgeStore } from "../../../src/adapters/store/knowledge-store.js";
import { GapStore, type OutboxEvent } from "../../../src/gaps/gap-store.js";
import { createWebhookDispatcher, signature } from "../../../src/gaps/webhooks.js";
import { createLogger } from "../../../src/shared/logger.js";

const event = (id: string): OutboxEvent => ({ id, type: "gap.created", payload: { type: "gap.created", gap: { id: "gap_1" } }, attempts: 0, nextAttemptAt: 0, createdAt: new Date().toISOString() });
const logger = createLogger("silent");

describe("gap webhooks", () => {
  let dir: string;
  let store: KnowledgeStore;
  let gaps: GapStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gap-webhooks-"));
    store = new KnowledgeStore(dir);
    gaps = new GapStore(store.kv);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Waits (up to 3 s) for the dispatcher's own timers to deliver everything in the outbox. */
  async function outboxEmptied(): Promise<void> {
    const deadline = Date.now() + 3000;
    while ([...gaps.listOutbox()].length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it("signs the timestamp and body with HMAC-SHA256 and removes the event once delivered", async () => {
    await gaps.putOutbox(event("e1"));
    const received: Array<{ headers: Record<string, string>; body: string }> = [];
    const fakeFetch = (async (_url: string, init: { headers: Record<string, string>; body: string }) => {
      received.push({ headers: init.headers, body: init.body });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const dispatcher = createWebhookDispatcher(gaps, { url: "http://receiver.test/hook", secret: "s3cret-s3cret-s3cret", logger, fetch: fakeFetch });
    await dispatcher.drain();
    dispatcher.close();

    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    const expected = createHmac("sha256", "s3cret-s3cret-s3cret").update(`${headers["x-helpdesk-timestamp"]}.${body}`).digest("hex");
    expect(headers["x-helpdesk-signature"]).toBe(`sha256=${expected}`);
    expect(headers["x-helpdesk-event"]).toBe("gap.created");
    expect(JSON.parse(body)).toMatchObject({ id: "e1", type: "gap.created" });
    expect([...gaps.listOutbox()]).toEqual([]);
  });

  it("delivers an event that was not yet due when the outbox was first drained", async () => {
    await gaps.putOutbox({ ...event("e3"), nextAttemptAt: Date.now() + 50 });
    let calls = 0;
    const fakeFetch = (async () => (calls++, new Response(null, { status: 204 }))) as unknown as typeof fetch;
    const dispatcher = createWebhookDispatcher(gaps, { url: "http://receiver.test/hook", logger, fetch: fakeFetch });
    // Nothing is due yet: this drain sends nothing and schedules the next for when the event is due.
    await dispatcher.drain();
    expect(calls).toBe(0);
    await outboxEmptied();
    dispatcher.close();
    expect(calls).toBe(1);
    expect([...gaps.listOutbox()]).toEqual([]);
  });

  it("keeps a failed event in the outbox and retries it with growing delays until it goes through", async () => {
    await gaps.putOutbox(event("e2"));
    let calls = 0;
    const fakeFetch = (async () => new Response(null, { status: ++calls < 3 ? 503 : 200 })) as unknown as typeof fetch;
    const dispatcher = createWebhookDispatcher(gaps, { url: "http://receiver.test/hook", logger, fetch: fakeFetch, baseDelayMs: 20 });
    await dispatcher.drain();
    const afterFirst = [...gaps.listOutbox()];
    expect(afterFirst).toMatchObject([{ id: "e2", attempts: 1, lastError: "receiver answered 503" }]);
    const firstDelay = afterFirst[0]!.nextAttemptAt - Date.now();
    expect(firstDelay).toBeLessThanOrEqual(20);
    await outboxEmptied();
    dispatcher.close();
    expect(calls).toBe(3);
    expect([...gaps.listOutbox()]).toEqual([]);
  });

  it("leaves events in the persisted outbox for a later process when the receiver is down", async () => {
    await gaps.putOutbox(event("e3"));
    const down = (async () => {
      throw new Error("connect ECONNREFUSED");
    }) as unknown as typeof fetch;
    const dispatcher = createWebhookDispatcher(gaps, { url: "http://receiver.test/hook", logger, fetch: down, baseDelayMs: 60_000 });
    await dispatcher.drain();
    dispatcher.close();
    await store.close();
    const reopened = new KnowledgeStore(dir);
    expect([...new GapStore(reopened.kv).listOutbox()]).toMatchObject([{ id: "e3", attempts: 1 }]);
    store = reopened;
  });

  it("computes the documented signature format", () => {
    expect(signature("k", "1700000000", "{}")).toBe(`sha256=${createHmac("sha256", "k").update("1700000000.{}").digest("hex")}`);
  });
});
