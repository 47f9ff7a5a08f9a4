import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, startTestApi } from "../helpers/test-api.js";

describe("rate limits and CORS", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT_PER_MINUTE: "3", WIDGET_ORIGINS: "https://shop.example" });
  });
  afterAll(async () => api?.dispose());

  it("answers 429 with Retry-After once a client passes its limit, and counts keys separately", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await http(api.url, "GET", "/v1/articles/x")).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await http(api.url, "GET", "/v1/articles/x");
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key is another client (auth is off here, so any bearer value passes through to the route).
    expect((await http(api.url, "GET", "/v1/articles/x", { headers: { authorization: "Bearer another-client-key-123" } })).status).toBe(404);
    // Health checks are never limited.
    expect((await http(api.url, "GET", "/healthz")).status).toBe(200);
  });

  it("allows the configured widget origin to call /v1/answers from a browser, and no other", async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/v1/answers`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect((await preflight("https://shop.example")).headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends security headers", async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});
