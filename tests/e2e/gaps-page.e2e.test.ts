import { customsQuestions } from "../fixtures/gaps-topics.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { http, startTestApi, ticket, waitForJob } from "../helpers/test-api.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;
const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
// Ticket text is stored as sent (only personal data is redacted), so markup reaches the page intact.
// Every ticket of the topic carries some, so whichever questions the page samples are hostile.
const hostile = (i: number) =>
  i % 2 === 0 ? ` <img src=x onerror="window.__xss='img${i}'; alert(${i})">` : ` <script>window.__xss='script${i}'; alert(${i})</script>`;

const customs = customsQuestions;
const oneOffs = [
  "Can you add a dark mode to the dashboard?", "Our warehouse moves to a new city next month", "Is there a discount for non-profits?",
  "The mobile app crashes when I rotate my tablet", "Do you have an office in Singapore?", "Please send me your security whitepaper",
  "How many users can I invite on the starter plan?", "The CSV import skipped rows with accented names", "Our accountant needs last year's receipts",
  "Webhook deliveries to our endpoint time out", "Can I schedule a carrier pickup for Saturday?", "The tracking page shows the wrong language",
  "How do I merge two customer accounts?", "Is there an API rate limit?", "Labels print too small on my thermal printer",
  "Which browsers do you support?", "I want to delete all my data", "Do you integrate with our ERP?",
];

describe("content team page in a real browser", () => {
  let api: Api;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    const tickets = [
      ...customs.map((text, i) => ticket(`customs-${i}`, text + hostile(i), "", { status: "open", createdAt: daysAgo(1 + i) })),
      ...oneOffs.map((text, i) => ticket(`misc-${i}`, text, text, { status: "open", createdAt: daysAgo(1 + i) })),
    ];
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId, {}, 120_000);
    const run = await http(api.url, "POST", "/v1/gaps/runs", { json: {} });
    expect((await waitForJob(api.url, run.body.jobId, {}, 120_000)).state).toBe("completed");
    const gaps = (await http(api.url, "GET", "/v1/gaps")).body.gaps as Array<{ ticketIds: string[] }>;
    expect(gaps.length, "the hostile topic must be a gap for the XSS check to mean anything").toBeGreaterThan(0);

    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${api.url}/`);
    await page.waitForSelector("article.gap");
  });
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it("shows the headline figures and the gaps with their details", async () => {
    expect(page.url()).toBe(`${api.url}/gaps/`);
    expect(await page.textContent("#fig-tickets")).toBe(String(customs.length + oneOffs.length));
    // /v1/stats may or may not exist yet: either way the figure is filled, never left blank or broken.
    expect((await page.textContent("#fig-deflection"))?.trim()).not.toBe("");
    const card = page.locator("article.gap").first();
    await expect.poll(() => card.locator(".keywords li").count()).toBeGreaterThan(0);
    expect(await card.locator(".questions li").count()).toBeGreaterThan(0);
    expect(await card.locator(".trend svg rect").count()).toBeGreaterThan(0);
    expect(await card.locator(".outline li").count()).toBeGreaterThan(0);
  });

  it("shows hostile ticket text as text and runs none of it", async () => {
    const shown = await page.locator("article.gap .questions li").allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text).toMatch(/<img src=x onerror=|<script>window/);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("accepts a gap, shows the new status and keeps it after a reload", async () => {
    const card = page.locator("article.gap").first();
    const gapId = await card.getAttribute("data-gap-id");
    await card.getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => page.locator(`article[data-gap-id="${gapId}"] .status-badge`).textContent()).toBe("accepted");
    expect(await page.textContent("#status")).toMatch(/now accepted/);
    expect(await page.locator(`article[data-gap-id="${gapId}"] button[data-status="accepted"]`).getAttribute("aria-pressed")).toBe("true");

    await page.reload();
    await page.waitForSelector("article.gap");
    expect(await page.locator(`article[data-gap-id="${gapId}"] .status-badge`).textContent()).toBe("accepted");
    expect((await http(api.url, "GET", "/v1/gaps")).body.gaps.find((g: { id: string }) => g.id === gapId).status).toBe("accepted");
  });

  it("filters by status", async () => {
    await page.selectOption("#filter-status", "dismissed");
    expect(await page.locator("article.gap").count()).toBe(0);
    expect(await page.textContent("main")).toMatch(/No gaps match/);
    await page.selectOption("#filter-status", "accepted");
    expect(await page.locator("article.gap").count()).toBeGreaterThan(0);
    await page.selectOption("#filter-status", "active");
  });

  it("downloads the report as CSV and Markdown", async () => {
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click('.exports button[data-format="csv"]')]);
    expect(csv.suggestedFilename()).toMatch(/^knowledge-gaps-run_\w+\.csv$/);
    const body = await readFile((await csv.path())!, "utf8");
    expect(body.split("\r\n")[0]).toMatch(/^id,label,status/);
    expect(body).toContain("accepted");
    const [md] = await Promise.all([page.waitForEvent("download"), page.click('.exports button[data-format="md"]')]);
    expect(md.suggestedFilename()).toMatch(/\.md$/);
  });

  it("runs a new analysis from the page and shows when it has finished", async () => {
    const before = await page.textContent("#report-meta");
    await page.click("#run");
    await expect.poll(() => page.textContent("#status"), { timeout: 60_000 }).toBe("Analysis finished.");
    expect(await page.textContent("#report-meta")).not.toBe(before);
    expect(await page.locator("article.gap .status-badge", { hasText: "accepted" }).count()).toBeGreaterThan(0);
  });
});
