import { spawn, type ChildProcess } from "node:child_process";
import { answersPing } from "../../src/adapters/redis/ping.js";

const DEFAULT_URL = "redis://127.0.0.1:6379";

const answers = (url: string) => answersPing(url, 1000);

/**
 * Integration tests talk to a real Redis. Use the one on 127.0.0.1:6379 when it answers; otherwise
 * start a private redis-server for the run (so `npm test` works on a machine that has the binary but
 * no running server), or stop with the one command that fixes it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (await answers(DEFAULT_URL)) {
    process.env.TEST_REDIS_URL = DEFAULT_URL;
    return async () => undefined;
  }
  const port = 16379 + Math.floor(Math.random() * 1000);
  let server: ChildProcess;
  try {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      setTimeout(resolve, 300);
    });
  } catch {
    throw new Error("The tests need Redis: none answers on 127.0.0.1:6379 and redis-server is not installed (apt-get install -y redis-server).");
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(url)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  process.env.TEST_REDIS_URL = url;
  return async () => {
    server.kill();
  };
}
