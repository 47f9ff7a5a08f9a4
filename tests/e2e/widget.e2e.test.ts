import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { http, startTestApi, waitForJob } from "../helpers/test-api.js";
import { launchChromium } from "../helpers/browser.js";
import { articles, historyTickets } from "../fixtures/answers-kb.js";

type Api = Awaited<ReturnType<typeof startTestApi>>;

describe("customer widget in headless Chromium", () => {
  let api: Api;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    api = await startTestApi();
    // The answered article carries markup in its title and text: content from the help centre is untrusted too.
    const withMarkup = articles.map((a) =>
      a.id === "kb-password" ? { ...a, title: `${a.title} <img src=x onerror="window.__xss=1">`, body: `${a.body}\n\nStill stuck? <b onmouseover="window.__xss=2">Contact us</b> &lt;script&gt;window.__xss=3&lt;/script&gt;` } : a,
    );
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/articles/bulk", { json: { articles: withMarkup } })).body.jobId);
    await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets: historyTickets() } })).body.jobId, {}, 120_000);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  const askInWidget = async (question: string) => {
    page = await browser.newPage();
    await page.goto(`${api.url}/widget/`);
    await page.getByLabel("Your question").fill(question);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator(".hc-answer, .hc-handover").first().waitFor({ timeout: 15_000 });
  };

  it("shows an answer with its article link, and records 'did this help?'", async () => {
    await askInWidget("I forgot my password, how do I reset it?");
    await expect(page.locator(".hc-answer").textContent()).resolves.toContain("Choose a new password");
    const link = page.getByRole("link", { name: /Read the full article: Reset your password/ });
    expect(await link.textContent()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await link.getAttribute("href")).toBe("https://help.example/password");
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByText("Thanks for letting us know!").waitFor();
    const stats = (await http(api.url, "GET", "/v1/stats")).body;
    expect(stats.byDay[0].resolved).toBe(1);
    await page.close();
  });

  it("shows a hand-over message when the customer asks for a person", async () => {
    await askInWidget("Can I talk to a human please?");
    await expect(page.locator(".hc-handover").textContent()).resolves.toMatch(/support team will pick this up/);
    expect(await page.locator(".hc-answer").count()).toBe(0);
    await page.close();
  });

  it("shows article text as text: markup in content never runs", async () => {
    await askInWidget("I can't remember my password, how can I reset it?");
    await page.getByRole("link", { name: /Read the full article/ }).hover();
    expect(await page.locator(".hc-result").textContent()).toContain("<img src=x");
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator(".hc-result img, .hc-result script, .hc-result b").count()).toBe(0);
    await page.close();
  });
});
