import { customsQuestions, oneOffQuestions as oneOffs } from "../fixtures/gaps-topics.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, startTestApi, ticket, waitForJob } from "../helpers/test-api.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;
const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

const customs = customsQuestions.slice(0, 10);
const passwords = [
  "I forgot my password and cannot log in",
  "Password reset email never arrives",
  "How do I reset my password?",
  "The reset password link says it expired",
  "Locked out, need to change my password",
  "Can't sign in, forgot password",
  "Reset link for my password is not working",
  "Need a new password for my account",
];

describe("knowledge gaps over HTTP", () => {
  let api: Api;
  let runId: string;
  let gapId: string;

  const runGaps = async (body: Record<string, unknown> = {}) => {
    const accepted = await http(api.url, "POST", "/v1/gaps/runs", { json: body });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ jobId: expect.any(String), runId: expect.any(String) });
    expect((await waitForJob(api.url, accepted.body.jobId, {}, 120_000)).state).toBe("completed");
    return accepted.body.runId as string;
  };

  beforeAll(async () => {
    api = await startTestApi();
    const articles = [
      article("kb-reset-password", "Reset your password", "Forgot your password? On the sign-in page choose Forgot password. We e-mail a reset link that works for one hour; open it and choose a new password."),
      article("kb-labels", "Print shipping labels", "Select the orders, choose Print labels and pick your label printer."),
    ];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId);
    const tickets = [
      ...customs.map((text, i) => ticket(`customs-${i}`, text, text, { status: "open", createdAt: daysAgo(1 + i) })),
      ...passwords.map((text, i) =>
        ticket(`password-${i}`, text, text, { createdAt: daysAgo(2 + i), articleIds: ["kb-reset-password"], messages: [{ author: "agent", body: "I sent you a new reset link." }] }),
      ),
      ...oneOffs.map((text, i) => ticket(`misc-${i}`, text, text, { status: "open", createdAt: daysAgo(1 + (i % 25)) })),
      ticket("xss-1", "<img src=x onerror=alert(1)> customs duties", "<script>alert(1)</script> import duties at customs", { status: "open", createdAt: daysAgo(1) }),
    ];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId, {}, 120_000);
  });
  afterAll(async () => api?.dispose());

  it("says there is no report before the first run", async () => {
    const none = await http(api.url, "GET", "/v1/gaps");
    expect(none.status).toBe(404);
  });

  it("reports the uncovered recurring topic as a gap and not the one an article covers", async () => {
    runId = await runGaps();
    const report = await http(api.url, "GET", `/v1/gaps/runs/${runId}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ runId, ticketsAnalyzed: customs.length + passwords.length + oneOffs.length + 1 });
    const gaps = report.body.gaps as Array<{ id: string; ticketIds: string[]; status: string; label: string; sampleQuestions: string[]; trend: unknown[]; draft: { outline: string[] } }>;
    const customsGap = gaps.find((g) => g.ticketIds.filter((id) => id.startsWith("customs-")).length >= 5);
    expect(customsGap, JSON.stringify({ ...report.body, gaps: gaps.map((g) => g.ticketIds) })).toBeDefined();
    expect(customsGap!.ticketIds.filter((id) => id.startsWith("password-") || id.startsWith("misc-"))).toEqual([]);
    expect(customsGap).toMatchObject({ status: "open", sampleQuestions: expect.any(Array), trend: expect.any(Array) });
    expect(customsGap!.draft.outline.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap.ticketIds.filter((id) => id.startsWith("password-")).length).toBeLessThan(gap.ticketIds.length / 2);
    gapId = customsGap!.id;
    expect((await http(api.url, "GET", "/v1/gaps")).body.runId).toBe(runId);
  });

  it("records a review, keeps it across runs, and rejects bad reviews naming the field", async () => {
    const patched = await http(api.url, "PATCH", `/v1/gaps/${gapId}`, { json: { status: "accepted", note: "writing it" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: gapId, status: "accepted", note: "writing it" });

    const bad = await http(api.url, "PATCH", `/v1/gaps/${gapId}`, { json: { status: "done" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("body.status");
    expect((await http(api.url, "PATCH", "/v1/gaps/gap_unknown", { json: { status: "accepted" } })).status).toBe(404);

    const second = await runGaps();
    expect(second).not.toBe(runId);
    const again = (await http(api.url, "GET", "/v1/gaps")).body.gaps.find((g: { id: string }) => g.id === gapId);
    expect(again).toMatchObject({ status: "accepted", note: "writing it" });
  });

  it("exports the latest report as CSV, JSON and Markdown files", async () => {
    const csv = await fetch(`${api.url}/v1/gaps/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="knowledge-gaps-run_\w+\.csv"$/);
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^id,label,status,ticketCount/);
    const json = await http(api.url, "GET", "/v1/gaps/export?format=json");
    expect(json.body.gaps.map((g: { id: string }) => g.id)).toContain(gapId);
    const md = await fetch(`${api.url}/v1/gaps/export?format=md`);
    expect(md.headers.get("content-type")).toMatch(/text\/markdown/);
    expect(await md.text()).toMatch(/^# Knowledge gaps/);
    const bad = await http(api.url, "GET", "/v1/gaps/export?format=xml");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("query.format");
  });

  it("drops a deleted ticket from the reports at once", async () => {
    const before = (await http(api.url, "GET", "/v1/gaps")).body.gaps.find((g: { id: string }) => g.id === gapId);
    const victim = before.ticketIds[0] as string;
    await waitForJob(api.url, (await http(api.url, "DELETE", `/v1/tickets/${victim}`)).body.jobId);
    const after = (await http(api.url, "GET", "/v1/gaps")).body.gaps.find((g: { id: string }) => g.id === gapId);
    expect(after.ticketIds).not.toContain(victim);
    expect(after.ticketCount).toBe(before.ticketCount - 1);
    expect(after.sampleSources).not.toContain(`ticket:${victim}`);
    expect(after.sampleQuestions).toHaveLength(after.sampleSources.length);
  });

  it("rejects a bad run request with a 400 naming the field, and an unknown run with 404", async () => {
    const bad = await http(api.url, "POST", "/v1/gaps/runs", { json: { since: "last week" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("body.since");
    const backwards = await http(api.url, "POST", "/v1/gaps/runs", { json: { since: daysAgo(1), until: daysAgo(2) } });
    expect(backwards.status).toBe(400);
    expect((await http(api.url, "POST", "/v1/gaps/runs", { json: { minTickets: 1 } })).body.error.details[0].path).toBe("body.minTickets");
    expect((await http(api.url, "GET", "/v1/gaps/runs/run_nope")).status).toBe(404);
  });

  it("serves the content page at /gaps and sends / there", async () => {
    const page = await fetch(`${api.url}/gaps/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Knowledge gaps");
    const root = await fetch(`${api.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/gaps/");
  });
});

describe("knowledge gaps with API keys", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ API_KEYS: "content-key-0123456789=content,agent-key-0123456789=agent" });
  });
  afterAll(async () => api?.dispose());

  it("needs a key with the content role", async () => {
    expect((await http(api.url, "GET", "/v1/gaps")).status).toBe(401);
    expect((await http(api.url, "GET", "/v1/gaps", { headers: { authorization: "Bearer agent-key-0123456789" } })).status).toBe(403);
    expect((await http(api.url, "GET", "/v1/gaps", { headers: { authorization: "Bearer content-key-0123456789" } })).status).toBe(404);
    expect((await http(api.url, "POST", "/v1/gaps/runs", { json: {}, headers: { authorization: "Bearer agent-key-0123456789" } })).status).toBe(403);
  });
});
