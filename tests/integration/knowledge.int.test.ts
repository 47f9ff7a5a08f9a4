import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, startTestApi, ticket, waitForJob } from "../helpers/test-api.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;

const embeddedTexts = async (url: string): Promise<number> => {
  const { body } = await http<string>(url, "GET", "/metrics");
  return Number(/^helpdesk_embedded_texts_total (\d+)/m.exec(body)?.[1] ?? "NaN");
};

const search = async (url: string, query: string, kind: "article" | "ticket", extra: Record<string, unknown> = {}) =>
  (await http(url, "POST", "/v1/search", { json: { query, kind, ...extra } })).body.hits as Array<{ id: string; score: number }>;

describe("knowledge ingestion over HTTP (embedded mode)", () => {
  let api: Api;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.dispose());

  it("indexes a bulk of articles and finds each by meaning", async () => {
    const accepted = await http(api.url, "POST", "/v1/articles/bulk", {
      json: {
        articles: [
          article("kb-password", "Reset your password", "Click **Forgot password** on the sign-in page and follow the link we e-mail you.", { brand: "acme" }),
          article("kb-invoice", "Download an invoice", "<p>Open <b>Billing</b> and choose <i>Invoices</i>, then Download PDF.</p>", { brand: "acme" }),
          article("kb-labels", "Print shipping labels", "1. Select orders\n2. Choose Print labels\n3. Pick your printer", { brand: "other" }),
        ],
      },
    });
    expect(accepted.status).toBe(202);
    const job = await waitForJob(api.url, accepted.body.jobId);
    expect(job).toMatchObject({ state: "completed", progress: { done: 3, total: 3 } });

    expect((await search(api.url, "I forgot my login password", "article"))[0]?.id).toBe("kb-password");
    expect((await search(api.url, "where can I get a PDF of my bill", "article"))[0]?.id).toBe("kb-invoice");
    const filtered = await search(api.url, "print labels for my orders", "article", { brand: "acme" });
    expect(filtered.map((hit) => hit.id)).not.toContain("kb-labels");
  });

  it("stores HTML bodies as text and redacts personal data before storing", async () => {
    const stored = await http(api.url, "GET", "/v1/articles/kb-invoice");
    expect(stored.status).toBe(200);
    expect(stored.body.body).toContain("Open Billing and choose Invoices, then Download PDF.");
    expect(stored.body.body).not.toContain("<p>");

    const t = ticket("t-pii", "Card charged twice", "My card 4111 1111 1111 1111 was charged, mail me at jo@example.com or call +44 20 7946 0958", {
      customer: { name: "Jo Park", email: "jo@example.com" },
    });
    await waitForJob(api.url, (await http(api.url, "PUT", "/v1/tickets/t-pii", { json: t })).body.jobId);
    const got = (await http(api.url, "GET", "/v1/tickets/t-pii")).body;
    expect(JSON.stringify(got)).not.toMatch(/4111|jo@example\.com|7946/);
    expect(got.description).toContain("[CARD]");
    expect(got.customer).toEqual({ name: "Jo Park" });
  });

  it("does no embedding work when identical content is sent again", async () => {
    const before = await embeddedTexts(api.url);
    const again = await http(api.url, "PUT", "/v1/articles/kb-password", {
      json: article("kb-password", "Reset your password", "Click **Forgot password** on the sign-in page and follow the link we e-mail you.", { brand: "acme" }),
    });
    expect(again.status).toBe(202);
    expect((await waitForJob(api.url, again.body.jobId)).state).toBe("completed");
    expect(await embeddedTexts(api.url)).toBe(before);
  });

  it("replaces an item re-sent with the same id, and a delete removes it from search", async () => {
    const changed = article("kb-labels", "Connect a carrier account", "Go to Settings, Carriers and paste your carrier API key.", { brand: "other" });
    await waitForJob(api.url, (await http(api.url, "PUT", "/v1/articles/kb-labels", { json: changed })).body.jobId);
    const hits = await search(api.url, "connect my carrier account API key", "article");
    expect(hits[0]?.id).toBe("kb-labels");
    expect((await http(api.url, "GET", "/v1/articles/kb-labels")).body.title).toBe("Connect a carrier account");

    const deleted = await http(api.url, "DELETE", "/v1/articles/kb-labels");
    expect(deleted.status).toBe(202);
    await waitForJob(api.url, deleted.body.jobId);
    expect((await http(api.url, "GET", "/v1/articles/kb-labels")).status).toBe(404);
    expect((await search(api.url, "connect my carrier account API key", "article")).map((h) => h.id)).not.toContain("kb-labels");
    expect((await http(api.url, "DELETE", "/v1/articles/kb-labels")).status).toBe(404);
  });

  it("indexes tickets by the customer's question and filters them by status", async () => {
    const tickets = [
      ticket("t-1", "Refund for double charge", "I was billed twice this month", { status: "solved", messages: [{ author: "agent", body: "Refunded the second charge." }] }),
      ticket("t-2", "Cannot print labels", "The printer outputs blank labels", { status: "open" }),
    ];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId);
    expect((await search(api.url, "charged two times", "ticket"))[0]?.id).toBe("t-1");
    const solvedOnly = await search(api.url, "blank labels from printer", "ticket", { status: ["solved"] });
    expect(solvedOnly.map((h) => h.id)).not.toContain("t-2");
  });

  it("reports readiness with index counts and serves its OpenAPI document and docs page", async () => {
    const ready = await http(api.url, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, index: true, queue: true });
    expect(ready.body.articles).toBe(2);
    const doc = await http(api.url, "GET", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/v1/articles/bulk", "/v1/tickets/{id}", "/v1/jobs/{jobId}", "/healthz", "/readyz"]));
    const docs = await fetch(`${api.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
  });
});
