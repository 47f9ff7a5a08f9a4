import { Redis } from "ioredis";


/** Announces finished index saves so every API replica reloads without a restart. */
export function createIndexEvents(redisUrl: string, prefix: string) {
  const channel = `${prefix}:index-saved`;
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  publisher.on("error", () => undefined);
  let subscriber: Redis | undefined;
  return {
    async publish(version: number): Promise<void> {
      await publisher.publish(channel, String(version));
    },
    async subscribe(onSaved: (version: number) => void): Promise<void> {
      subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
      subscriber.on("error", () => undefined);
      subscriber.on("message", (_channel: string, message: string) => onSaved(Number(message)));
      await subscriber.subscribe(channel);
    },
    async close(): Promise<void> {
      publisher.disconnect();
      subscriber?.disconnect();
    },
  };
}
export type IndexEvents = ReturnType<typeof createIndexEvents>;
