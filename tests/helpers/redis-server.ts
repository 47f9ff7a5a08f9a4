import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { answersPing } from "../../src/adapters/redis/ping.js";

/**
 * A redis-server of the test's own, on a free port, that the test may kill and start again on the same
 * port (an outage, then recovery). No persistence: a restart comes back empty, as a cache-only Redis does.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: no goodbye to the clients, the way a crashed or partitioned Redis looks. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it answers PING. */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const spawnFailed = new Promise<never>((_, reject) => server.once("error", (error) => reject(new Error(`redis-server could not start (apt-get install -y redis-server): ${error.message}`))));
    child = server;
    exited = new Promise((resolve) => server.once("exit", () => resolve()));
    const deadline = Date.now() + 10_000;
    const ready = (async () => {
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`redis-server exited with ${server.exitCode} (port ${port} taken?)`);
        if (await answersPing(url)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`redis-server on port ${port} did not answer within 10 s`);
    })();
    await Promise.race([ready, spawnFailed]);
  };

  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };

  await start();
  return {
    port,
    url,
    kill,
    async restart() {
      await kill();
      await start();
    },
  };
}
