import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, startTestApi } from "../helpers/test-api.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;

const validArticle = { id: "a-1", title: "T", body: "B" };
const validTicket = { id: "t-1", subject: "S", description: "D", status: "open" };

/** [method, path, body] of every endpoint that takes input, each sent broken in several ways. */
const cases: Array<{ name: string; method: string; path: string; json?: unknown; raw?: string; field?: string; status?: number }> = [
  { name: "malformed JSON", method: "POST", path: "/v1/articles/bulk", raw: '{"articles": [' },
  { name: "JSON that is not an object", method: "POST", path: "/v1/tickets/bulk", raw: "42" },
  { name: "missing list", method: "POST", path: "/v1/articles/bulk", json: {}, field: "body.articles" },
  { name: "empty list", method: "POST", path: "/v1/tickets/bulk", json: { tickets: [] }, field: "body.tickets" },
  { name: "wrong type", method: "POST", path: "/v1/articles/bulk", json: { articles: [{ ...validArticle, title: 7 }] }, field: "body.articles.0.title" },
  { name: "unknown status", method: "POST", path: "/v1/tickets/bulk", json: { tickets: [{ ...validTicket, status: "done" }] }, field: "body.tickets.0.status" },
  { name: "id too long", method: "PUT", path: `/v1/articles/${"x".repeat(201)}`, json: { ...validArticle, id: "x".repeat(201) }, field: "params.id" },
  { name: "control character in id", method: "POST", path: "/v1/tickets/bulk", json: { tickets: [{ ...validTicket, id: "a\u0001b" }] }, field: "body.tickets.0.id" },
  { name: "path and body ids differ", method: "PUT", path: "/v1/tickets/t-9", json: validTicket, field: "body.id" },
  { name: "bad date", method: "PUT", path: "/v1/tickets/t-1", json: { ...validTicket, createdAt: "yesterday" }, field: "body.createdAt" },
  { name: "bad url", method: "PUT", path: "/v1/articles/a-1", json: { ...validArticle, url: "not a url" }, field: "body.url" },
  { name: "unknown top-level field", method: "POST", path: "/v1/articles/bulk", json: { articles: [validArticle], extra: 1 } },
  { name: "field over its size limit", method: "PUT", path: "/v1/tickets/t-1", json: { ...validTicket, subject: "s".repeat(1001) }, field: "body.subject" },
  { name: "search without query", method: "POST", path: "/v1/search", json: { kind: "article" }, field: "body.query" },
  { name: "search limit out of range", method: "POST", path: "/v1/search", json: { query: "x", limit: 1000 }, field: "body.limit" },
  { name: "bad job id", method: "GET", path: "/v1/jobs/..%2F..%2Fetc", field: "params.jobId" },
  { name: "body not JSON", method: "POST", path: "/v1/articles/bulk", raw: "articles=1", status: 400 },
];

describe("bad input gets a clear 4xx, never a 500", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ MAX_BULK_ITEMS: "3", MAX_BODY_BYTES: "4096" });
  });
  afterAll(async () => api?.dispose());

  for (const c of cases) {
    it(`rejects ${c.name} on ${c.method} ${c.path.slice(0, 40)}`, async () => {
      const headers = c.name === "body not JSON" ? { "content-type": "application/x-www-form-urlencoded" } : undefined;
      const res = await http(api.url, c.method, c.path, { json: c.json, raw: c.raw, headers });
      expect(res.status).toBe(c.status ?? 400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message).toEqual(expect.any(String));
      if (c.field) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(c.field);
    });
  }

  it("rejects more items than MAX_BULK_ITEMS with 400 naming the list", async () => {
    const res = await http(api.url, "POST", "/v1/articles/bulk", { json: { articles: [1, 2, 3, 4].map((i) => ({ ...validArticle, id: `a-${i}` })) } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("body.articles");
  });

  it("rejects a body over MAX_BODY_BYTES with 413", async () => {
    const res = await http(api.url, "PUT", "/v1/articles/a-1", { json: { ...validArticle, body: "x".repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("answers 404 with the error body for unknown items, jobs and routes", async () => {
    for (const path of ["/v1/articles/nope", "/v1/tickets/nope", "/v1/jobs/nope", "/v1/nothing-here"]) {
      const res = await http(api.url, "GET", path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("is still healthy after all of it", async () => {
    expect((await http(api.url, "GET", "/healthz")).status).toBe(200);
  });
});
