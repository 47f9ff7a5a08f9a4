import { createHmac } from "node:crypto";
import type { Logger } from "../shared/logger.js";
import type { GapStore, OutboxEvent } from "./gap-store.js";

export interface WebhookOptions {
  url: string;
  secret?: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** First retry delay; doubles per attempt. */
  baseDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface WebhookDispatcher {
  /** Delivers every due event in the outbox; failures are rescheduled with backoff. Never throws. */
  drain(): Promise<void>;
  close(): void;
}

/** `sha256=<hex>` over `<timestamp>.<body>`: the timestamp is signed too, so a replay can be refused. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Delivers gap.created / gap.covered events from the persisted outbox. Events are written in the same
 * transaction as the report, so a crash between the run and the delivery loses nothing: the next
 * drain (at start-up or after the next run) sends them. Delivery is at least once; receivers dedupe
 * on the X-Helpdesk-Delivery id.
 */
export function createWebhookDispatcher(store: GapStore, options: WebhookOptions): WebhookDispatcher {
  const send = options.fetch ?? fetch;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 8;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let closed = false;

  async function deliver(event: OutboxEvent): Promise<void> {
    const body = JSON.stringify({ id: event.id, ...(event.payload as object) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { "content-type": "application/json", "x-helpdesk-event": event.type, "x-helpdesk-delivery": event.id, "x-helpdesk-timestamp": timestamp };
    if (options.secret) headers["x-helpdesk-signature"] = signature(options.secret, timestamp, body);
    try {
      const response = await send(options.url, { method: "POST", headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      if (!response.ok) throw new Error(`receiver answered ${response.status}`);
      await store.removeOutbox(event.id);
    } catch (error) {
      const attempts = event.attempts + 1;
      const message = (error as Error).message;
      if (attempts >= maxAttempts) {
        options.logger.error({ event: event.type, delivery: event.id, attempts, err: message }, "gap webhook dropped after repeated failures");
        await store.removeOutbox(event.id);
        return;
      }
      options.logger.warn({ event: event.type, delivery: event.id, attempts, err: message }, "gap webhook failed, will retry");
      await store.putOutbox({ ...event, attempts, lastError: message, nextAttemptAt: Date.now() + baseDelay * 2 ** (attempts - 1) });
    }
  }

  function schedule(): void {
    if (closed) return;
    const next = Math.min(...[...store.listOutbox()].map((event) => event.nextAttemptAt));
    if (!Number.isFinite(next)) return;
    if (timer) clearTimeout(timer);
    // unref: a pending retry never keeps the process alive; the outbox survives for the next start.
    timer = setTimeout(() => void dispatcher.drain(), Math.max(0, next - Date.now())).unref();
  }

  const dispatcher: WebhookDispatcher = {
    drain() {
      draining ??= (async () => {
        try {
          for (const event of [...store.listOutbox()]) if (!closed && event.nextAttemptAt <= Date.now()) await deliver(event);
        } catch (error) {
          options.logger.error({ err: (error as Error).message }, "gap webhook outbox could not be read");
        }
      })().finally(() => {
        // Here, not inside the async body: with nothing due that body finishes before `??=` assigns,
        // and clearing there left `draining` set for good, so no later drain delivered anything.
        draining = undefined;
        schedule();
      });
      return draining;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
  return dispatcher;
}
