import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, startTestApi } from "../helpers/test-api.js";

const ADMIN = "admin-key-0123456789";
const WIDGET = "widget-key-0123456789";

describe("API keys and roles", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi({ API_KEYS: `${ADMIN}=admin,${WIDGET}=widget`, HOST: "127.0.0.1" });
  });
  afterAll(async () => api?.dispose());

  it("answers 401 without a key or with an unknown one", async () => {
    expect((await http(api.url, "GET", "/v1/articles/x")).status).toBe(401);
    const wrong = await http(api.url, "GET", "/v1/articles/x", { headers: { authorization: "Bearer not-a-real-key-123456" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("answers 403 when the key lacks the role", async () => {
    const res = await http(api.url, "POST", "/v1/articles/bulk", { json: { articles: [{ id: "a", title: "t", body: "b" }] }, headers: { authorization: `Bearer ${WIDGET}` } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("lets the admin key in, and leaves health endpoints open", async () => {
    const res = await http(api.url, "GET", "/v1/articles/x", { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(404);
    expect((await http(api.url, "GET", "/healthz")).status).toBe(200);
    expect((await http(api.url, "GET", "/readyz")).status).toBe(200);
  });
});
