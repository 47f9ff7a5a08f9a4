import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { article, http, startTestApi, tempDataDir, ticket, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForUrl } from "../helpers/processes.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const embeddedTexts = async (url: string) => Number(/^helpdesk_embedded_texts_total (\d+)/m.exec((await http<string>(url, "GET", "/metrics")).body)?.[1]);

describe("restart persistence", () => {
  it("reloads index and store after a restart, with nothing re-embedded", async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const first = await startTestApi({ DATA_DIR: dataDir });
    const articles = [article("kb-2fa", "Turn on two-factor authentication", "Open Security settings and scan the QR code with an authenticator app.")];
    const tickets = Array.from({ length: 30 }, (_, i) => ticket(`t-${i}`, `Question number ${i}`, i % 2 ? "How do I enable 2FA?" : "Where is my parcel?"));
    const jobA = (await http(first.url, "POST", "/v1/articles/bulk", { json: { articles } })).body.jobId;
    const jobT = (await http(first.url, "POST", "/v1/tickets/bulk", { json: { tickets } })).body.jobId;
    await waitForJob(first.url, jobA);
    await waitForJob(first.url, jobT);
    await first.dispose();

    const second = await startTestApi({ DATA_DIR: dataDir });
    try {
      expect((await http(second.url, "GET", "/readyz")).body).toMatchObject({ ready: true, articles: 1, tickets: 30 });
      expect((await http(second.url, "GET", `/v1/jobs/${jobT}`)).body).toMatchObject({ state: "completed", progress: { done: 30, total: 30 } });
      expect((await http(second.url, "GET", "/v1/tickets/t-7")).body.subject).toBe("Question number 7");
      const hits = (await http(second.url, "POST", "/v1/search", { json: { query: "set up two factor", kind: "article" } })).body.hits;
      expect(hits[0].id).toBe("kb-2fa");
      // Only the search query above reached the model: the saved index was used as is.
      expect(await embeddedTexts(second.url)).toBe(1);
    } finally {
      await second.dispose();
    }
  });

  it("keeps every acknowledged item when the process is killed mid-ingestion", async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, PORT: "0" };
    const first = spawnEntry("api", env);
    const url = await waitForUrl(first);
    const tickets = Array.from({ length: 400 }, (_, i) => ticket(`k-${i}`, `Order ${i} arrived damaged`, `Box ${i} was crushed in transit, item number ${i} broken`));
    const accepted = await http(url, "POST", "/v1/tickets/bulk", { json: { tickets } });
    expect(accepted.status).toBe(202);
    // Killed right after the acknowledgement: indexing has at most just begun.
    await stop(first, "SIGKILL");

    const second = spawnEntry("api", env);
    try {
      const url2 = await waitForUrl(second);
      const job = await waitForJob(url2, accepted.body.jobId, {}, 120_000);
      expect(job.state).toBe("completed");
      const ready = (await http(url2, "GET", "/readyz")).body;
      expect(ready.tickets).toBe(400);
      const hits = (await http(url2, "POST", "/v1/search", { json: { query: "crushed box broken item", kind: "ticket", limit: 50 } })).body.hits;
      expect(new Set(hits.map((h: { id: string }) => h.id)).size).toBe(hits.length);
    } finally {
      await stop(second);
    }
  });
});
