import { it } from "vitest";
import { chromium } from "playwright-core";
import { http, startTestApi, ticket, waitForJob } from "/work/main/tests/helpers/test-api.ts";
it("shot", async () => {
  const api = await startTestApi();
  const texts = ["Who pays the customs duties on my international parcel?", "My customer was asked to pay customs duties on delivery", "How do I prepay customs duties for international shipments?", "Recipient refused the parcel because of customs duties", "Can I pay the customs duties instead of my buyer?", "Customs is holding the parcel until the duties are paid", "International parcel stuck in customs, duties unpaid", "Who is responsible for customs duties when shipping abroad?"];
  const misc = ["Can you add a dark mode to the dashboard?", "Our warehouse moves to a new city next month", "Is there a discount for non-profits?", "The mobile app crashes when I rotate my tablet", "Do you have an office in Singapore?", "Please send me your security whitepaper", "How many users can I invite on the starter plan?", "The CSV import skipped rows with accented names", "Our accountant needs last year's receipts", "Webhook deliveries to our endpoint time out", "Can I schedule a carrier pickup for Saturday?", "Which browsers do you support?"];
  const tickets = [...texts.map((t, i) => ticket(`c${i}`, t, "", { status: "solved", brand: "acme", createdAt: new Date(Date.now() - (i + 1) * 3 * 86400000).toISOString(), messages: [{ author: "agent", body: "Hi! You can prepay customs duties by choosing DDP when you buy the label. The duties then show on your invoice. Best, Sam" }] })), ...misc.map((t, i) => ticket(`m${i}`, t, "", { status: "open", createdAt: new Date(Date.now() - (i + 1) * 86400000).toISOString() }))];
  await waitForJob(api.url, (await http(api.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId, {}, 120000);
  await waitForJob(api.url, (await http(api.url, "POST", "/v1/gaps/runs", { json: {} })).body.jobId, {}, 120000);
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const p = await b.newPage({ viewport: { width: 1200, height: 1100 } });
  await p.goto(`${api.url}/gaps/`); await p.waitForSelector("article.gap");
  await p.screenshot({ path: "/tmp/gx/page.png", fullPage: true });
  await b.close(); await api.dispose();
}, 180000);
