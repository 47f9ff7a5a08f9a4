import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAiEmbedder } from "../../../../src/adapters/embeddings/openai.embedder.js";

// Stub OpenAI-compatible server, not OpenAI: it listens on 127.0.0.1 inside this test and answers
// POST /v1/embeddings with deterministic, deliberately non-unit vectors so that normalisation shows.

interface SeenRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string[] | string; dimensions?: number; encoding_format?: string };
}

const STUB_DIMS = 6;

/** Same text, same vector; lengths far from 1 so an un-normalised result would fail the checks. */
function stubVector(text: string, dims: number): number[] {
  return Array.from({ length: dims }, (_, i) => ((text.length + 1) * (i + 1)) % 7 + text.charCodeAt(i % Math.max(1, text.length)) / 10 + 3);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += String(chunk);
  return data;
}

describe("createOpenAiEmbedder against a stub OpenAI-compatible server", () => {
  let server: Server;
  let baseURL: string;
  const seen: SeenRequest[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = JSON.parse(await readBody(req)) as SeenRequest["body"];
      seen.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
      if (req.method !== "POST" || req.url !== "/v1/embeddings") {
        res.writeHead(404).end();
        return;
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const dims = body.dimensions ?? STUB_DIMS;
      const data = inputs.map((text, index) => ({ object: "embedding", index, embedding: stubVector(text, dims) }));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it("discovers dimensions with one probe at warmUp and names the model", async () => {
    const embedder = createOpenAiEmbedder({ apiKey: "test-key", baseURL, model: "text-embedding-3-small" });
    expect(embedder.modelId).toBe("openai:text-embedding-3-small");
    expect(() => embedder.dimensions).toThrow(/warmUp/);
    await embedder.warmUp();
    expect(embedder.dimensions).toBe(STUB_DIMS);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ path: "/v1/embeddings", authorization: "Bearer test-key" });
    expect(seen[0]?.body.model).toBe("text-embedding-3-small");
    // Floats, not base64: compatible servers often cannot produce base64.
    expect(seen[0]?.body.encoding_format).toBe("float");
    await embedder.close();
  });

  it("returns unit vectors in order, 64 texts per request", async () => {
    const embedder = createOpenAiEmbedder({ apiKey: "test-key", baseURL, model: "my-local-model" });
    const texts = Array.from({ length: 70 }, (_, i) => `text number ${i}`);
    texts[3] = "";
    const vectors = await embedder.embedVectors(texts);
    expect(vectors).toHaveLength(70);
    expect(seen.map((r) => r.body.input.length).sort((a, b) => b - a)).toEqual([64, 6]);
    expect(seen.every((r) => r.body.model === "my-local-model")).toBe(true);
    // The server never sees an empty string, which the real API rejects.
    expect(seen.flatMap((r) => r.body.input)).not.toContain("");
    for (const [i, v] of vectors.entries()) {
      const sent = i === 3 ? " " : texts[i]!;
      const raw = stubVector(sent, STUB_DIMS);
      const rawNorm = Math.hypot(...raw);
      expect(rawNorm).toBeGreaterThan(2);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      for (let d = 0; d < STUB_DIMS; d++) expect(v[d]).toBeCloseTo(raw[d]! / rawNorm, 5);
    }
    expect(embedder.dimensions).toBe(STUB_DIMS);
  });

  it("sends configured dimensions to the API and needs no probe", async () => {
    const embedder = createOpenAiEmbedder({ apiKey: "test-key", baseURL, model: "text-embedding-3-small", dimensions: 4 });
    await embedder.warmUp();
    expect(seen).toHaveLength(0);
    expect(embedder.dimensions).toBe(4);
    const [v] = await embedder.embedVectors(["hello"]);
    expect(v).toHaveLength(4);
    expect(seen[0]?.body.dimensions).toBe(4);
  });
});
