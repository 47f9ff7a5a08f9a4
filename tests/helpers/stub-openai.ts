import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stub OpenAI-compatible server, NOT a real model: it listens on 127.0.0.1, records every
 * POST /v1/chat/completions and answers with the next scripted behaviour (a fixed reply, a hang, or a
 * 500). It exists to test the LLM path's wiring, fencing, timeouts and fallback.
 */
export type StubBehaviour = { reply: string } | "hang" | "error500";

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

export interface StubOpenAi {
  baseURL: string;
  requests: ChatRequest[];
  script(behaviours: StubBehaviour[]): void;
  close(): Promise<void>;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += String(chunk);
  return data;
}

export const completion = (model: string, content: string) => ({
  id: "chatcmpl-stub",
  object: "chat.completion",
  created: 0,
  model,
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

export async function startStubOpenAi(): Promise<StubOpenAi> {
  const requests: ChatRequest[] = [];
  const hanging: ServerResponse[] = [];
  let queue: StubBehaviour[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push(body);
    const next = queue.shift() ?? { reply: "(stub) no scripted reply left" };
    if (next === "hang") {
      hanging.push(res);
      return;
    }
    if (next === "error500") {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "stub failure" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(body.model, next.reply)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (behaviours) => (queue = [...behaviours]),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
