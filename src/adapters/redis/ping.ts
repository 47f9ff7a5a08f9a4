import { Redis } from "ioredis";

/** Whether a Redis answers PING at `url`, without retrying (a missing server is a quick false). */
export async function answersPing(url: string, connectTimeout = 500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
