import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, startTestApi, ticket, waitForJob, waitForQueueIdle } from "../helpers/test-api.js";
import { articles, historyTickets } from "../fixtures/answers-kb.js";
import { oneOffQuestions } from "../fixtures/gaps-topics.js";
import { seededRandom } from "../../src/shared/random.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;
const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

const darkMode = ["Is there any dark mode in the app?", "Please give the dashboard a dark theme", "My eyes hurt, do you have a night mode?", "Dark mode for the web app, when?", "Could the interface get a darker colour scheme?", "Any way to switch the dashboard to dark?", "Requesting a dark theme option", "Do you plan a dark mode soon?"];
const invoices = ["Where do I find my invoice for last month?", "I need the PDF invoice for my subscription", "How can I download invoices for my accountant?", "Can't find my March invoice anywhere", "Where are old invoices kept?", "Download my invoices as PDF please", "How do I get a copy of an invoice?", "Invoice for the last billing period, where is it?"];
// Open tickets of last week, so the window leaves out the solved history (stored today): what is
// judged is these tickets, against what the history taught the policy. The history's dark-mode
// tickets were solved without an article; its invoice tickets link kb-invoice.
const openTickets = [
  ...darkMode.map((text, i) => ticket(`dm-${i}`, text, text, { status: "open", createdAt: daysAgo(2 + (i % 5)) })),
  ...invoices.map((text, i) => ticket(`inv-${i}`, text, text, { status: "open", createdAt: daysAgo(2 + (i % 5)) })),
  ...oneOffQuestions.map((text, i) => ticket(`misc-${i}`, text, text, { status: "open", createdAt: daysAgo(2 + (i % 6)) })),
];

async function helpDesk(history: Array<Record<string, unknown>>): Promise<Api> {
  const api = await startTestApi();
  await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId);
  await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets: history } })).body.jobId, {}, 120_000);
  await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets: openTickets } })).body.jobId, {}, 120_000);
  // The confidence refit on the new history is a job of its own, queued when indexing finished.
  await waitForQueueIdle(api.url, 120_000);
  return api;
}

async function lastWeeksGaps(api: Api) {
  const run = (await http(api.url, "POST", "/v1/gaps/runs", { json: { since: daysAgo(10), until: daysAgo(1) } })).body;
  expect((await waitForJob(api.url, run.jobId, {}, 120_000)).state).toBe("completed");
  const report = (await http(api.url, "GET", `/v1/gaps/runs/${run.runId}`)).body;
  expect(report.ticketsAnalyzed).toBe(openTickets.length);
  return report;
}

/** The report's one gap is the dark-mode question, judged by the policy; the invoice topic is covered. */
function expectDarkModeGapOnly(report: { gaps: Array<{ ticketIds: string[]; coverage: unknown }>; coveredTopics: number }) {
  expect(report.gaps).toHaveLength(1);
  const [gap] = report.gaps;
  expect(gap!.coverage).toMatchObject({ reason: "policy", policyAnswerShare: 0 });
  expect(gap!.ticketIds.length).toBeGreaterThanOrEqual(5);
  // misc-0 is the one-off list's own dark-mode request ("Can you add a dark mode to the dashboard?").
  expect(gap!.ticketIds.every((id) => id.startsWith("dm-") || id === "misc-0")).toBe(true);
  expect(report.coveredTopics).toBeGreaterThanOrEqual(1);
}

describe("gap coverage from the instant-answer policy, with history that links its articles", () => {
  let api: Api;
  beforeAll(async () => void (api = await helpDesk(historyTickets())), 240_000);
  afterAll(async () => api?.dispose());

  it("reports a recurring question agents solved without an article as a gap, by the policy", async () => {
    expect((await http(api.url, "GET", "/v1/answers/calibration")).body).toMatchObject({ source: "history", coverage: { linkRate: 1 } });
    expectDarkModeGapOnly(await lastWeeksGaps(api));
  });

  it("covers the gap once an editor writes the article, although no solved ticket links it yet", async () => {
    const before = (await lastWeeksGaps(api)).gaps[0];
    const darkArticle = { id: "kb-dark-mode", title: "Dark mode", body: "Turn on dark mode in Settings, then Appearance: choose Dark. The dashboard and the app switch to a dark theme." };
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles: [darkArticle] } })).body.jobId);
    await waitForQueueIdle(api.url, 120_000);
    const after = await lastWeeksGaps(api);
    expect(after.gaps.find((g: { id: string }) => g.id === before.id)).toMatchObject({ status: "covered", coverage: { reason: "article_match", coveredBy: "kb-dark-mode" } });
  });
});

describe("gap coverage from the instant-answer policy, with history where agents often leave the link out", () => {
  let api: Api;
  // A fifth of the tickets an article resolved, drawn at random (seeded), are left unlinked.
  const draw = seededRandom(3);
  const history = historyTickets().map((t) => (t.articleIds && draw() < 0.2 ? { ...t, articleIds: undefined } : t));
  beforeAll(async () => void (api = await helpDesk(history)), 240_000);
  afterAll(async () => api?.dispose());

  it("keeps instant answers on the conservative default, and the gap report on the history, corrected for the missing links", async () => {
    const calibration = (await http(api.url, "GET", "/v1/answers/calibration")).body;
    // A missing link reads as a wrong answer. The threshold choice counts the right answers the links
    // imply, but by the upper end of the link rate's interval, which over 600 tickets is too wide to
    // vouch for any threshold: instant answers stay on the default (src/answers/calibration.ts).
    expect(calibration.source).toBe("default");
    expect(calibration.coverage.linkRate).toBeGreaterThan(0.6);
    expect(calibration.coverage.linkRate).toBeLessThan(0.95);
    expectDarkModeGapOnly(await lastWeeksGaps(api));
  });
});
