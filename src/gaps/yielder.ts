import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Long CPU loops (kNN over 100,000 vectors) call this often; every `everyMs` it gives the event loop a
 * turn, so in embedded mode the HTTP API keeps answering (health checks, job polling) during a run.
 * Awaiting a resolved promise is not enough: that stays in the microtask queue and starves I/O.
 */
export function createYielder(signal?: AbortSignal, everyMs = 20): () => Promise<void> {
  let last = performance.now();
  return async () => {
    // Shutdown: stop between steps; the job runs again at the next start.
    signal?.throwIfAborted();
    if (performance.now() - last < everyMs) return;
    await nextTurn();
    last = performance.now();
  };
}
