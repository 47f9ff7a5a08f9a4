import { Redis } from "ioredis";


/**
 * Announces index writes (their change-log position) and saves (their version), so every API replica
 * catches up without a restart. The channel keeps its first name, so mixed versions still hear it.
 */
export function createIndexEvents(redisUrl: string, prefix: string) {
  const channel = `${prefix}:index-saved`;
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  publisher.on("error", () => undefined);
  let subscriber: Redis | undefined;
  return {
    async publish(position: number): Promise<void> {
      await publisher.publish(channel, String(position));
    },
    async subscribe(onAnnounced: (position: number) => void): Promise<void> {
      subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
      subscriber.on("error", () => undefined);
      subscriber.on("message", (_channel: string, message: string) => onAnnounced(Number(message)));
      await subscriber.subscribe(channel);
    },
    async close(): Promise<void> {
      publisher.disconnect();
      subscriber?.disconnect();
    },
  };
}
export type IndexEvents = ReturnType<typeof createIndexEvents>;
