import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, tempDataDir, waitForJob } from "../helpers/test-api.js";
import { spawnEntry, stop, waitForUrl, type Spawned } from "../helpers/processes.js";

/**
 * Personal data goes in through every endpoint that takes text; afterwards not one of the literals may
 * be found anywhere the service writes: every file under DATA_DIR (LMDB is binary, so raw bytes are
 * searched), the debug log, the gap exports and the API's own answers.
 */
const pii = {
  emails: ["zelda.quixote@example.com", "ORDERS+4471@shop-mail.example.org"],
  phones: ["+44 20 7946 0958", "+1 415 555 0199", "030 1234 5678"],
  // Luhn-valid test numbers (Visa, Mastercard, Amex).
  cards: ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"],
  // mod-97-valid IBANs (Germany, United Kingdom, France).
  ibans: ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR14 2004 1010 0505 0001 3M02 606"],
  addresses: ["742 Evergreen Terrace", "Quixotestraße 12", "12 rue de la Paix", "Calle Mayor 3"],
};
const pick = (list: string[], i: number) => list[i % list.length]!;

/** What must not appear: each literal, its digits-only form, and words only the personal data contains. */
const needles = [
  ...Object.values(pii).flat(),
  ...[...pii.phones, ...pii.cards, ...pii.ibans].map((value) => value.replace(/[\s()+-]/g, "")),
  "quixote",
  "shop-mail",
  "evergreen",
];

/** Personal data woven into the text the way customers write it. */
const says = (i: number) =>
  `My e-mail is ${pick(pii.emails, i)}, call me on ${pick(pii.phones, i)}. I paid with card ${pick(pii.cards, i)}; ` +
  `refund to IBAN ${pick(pii.ibans, i)}. Ship to ${pick(pii.addresses, i)} please.`;

const topics = [
  ["Parcel held at customs", "My parcel is stuck at customs and they want import duties."],
  ["Refund not received", "I returned the item two weeks ago and still have no refund."],
  ["Label printer offline", "The thermal label printer shows offline and prints nothing."],
];
const DAY = 24 * 3600 * 1000;

const tickets = Array.from({ length: 24 }, (_, i) => {
  const [subject, description] = topics[i % topics.length]!;
  return {
    id: `pii-t-${i}`,
    subject: `${subject} (${pick(pii.phones, i + 1)})`,
    description: `${description} ${says(i)}`,
    status: i % 4 === 0 ? "solved" : "open",
    tags: ["priority", `contact ${pick(pii.emails, i)}`],
    customer: { name: i % 5 === 0 ? pick(pii.emails, i + 1) : "Jane Doe", email: pick(pii.emails, i) },
    messages: [
      { author: "customer", body: `Again: ${says(i + 1)}` },
      { author: "agent", body: `Thanks, we wrote to ${pick(pii.emails, i + 1)} and called ${pick(pii.phones, i + 2)}.` },
    ],
    createdAt: new Date(Date.now() - (1 + (i % 10)) * DAY).toISOString(),
  };
});

const articles = [
  {
    id: "pii-kb-customs",
    title: `Customs duties explained (questions: ${pii.emails[0]})`,
    body: `<h1>Customs</h1><p>Duties are paid by the receiver. Write to <a href="mailto:${pii.emails[1]}">${pii.emails[1]}</a> or call ${pii.phones[0]}.</p><p>Our office: ${pii.addresses[0]}.</p>`,
  },
  { id: "pii-kb-refunds", title: "Refunds", body: `Refunds reach your card within 5 days. Example shown in the screenshot: card ${pii.cards[0]}, IBAN ${pii.ibans[0]}, ${pii.addresses[1]}.` },
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Raw bytes read as latin1, so a UTF-8 needle is searched as its byte sequence in text and binary files alike. */
const asBytes = (text: string) => Buffer.from(text, "utf8").toString("latin1").toLowerCase();
const findings = (where: string, raw: Buffer): string[] => {
  const haystack = raw.toString("latin1").toLowerCase();
  return needles.filter((needle) => haystack.includes(asBytes(needle))).map((needle) => `${needle} in ${where}`);
};

describe("personal data never reaches disk, logs or exports", () => {
  let dataDir: string;
  let outDir: string;
  let api: Spawned;
  let url: string;
  const responses: Array<[string, string]> = [];

  const call = async (method: string, urlPath: string, json?: unknown) => {
    const res = await http(url, method, urlPath, json === undefined ? {} : { json });
    responses.push([`${method} ${urlPath}`, typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? "")]);
    expect(res.status, `${method} ${urlPath}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res;
  };

  beforeAll(async () => {
    dataDir = await tempDataDir();
    outDir = await tempDataDir();
    api = spawnEntry("api", { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "debug", INDEX_SAVE_INTERVAL_MS: "100" });
    url = await waitForUrl(api);
  });

  afterAll(async () => {
    if (api) await stop(api, "SIGKILL");
    for (const dir of [dataDir, outDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("accepts knowledge, questions, suggestions, feedback and a gap run full of personal data", async () => {
    await waitForJob(url, (await call("POST", "/v1/articles/bulk", { articles })).body.jobId);
    await waitForJob(url, (await call("PUT", `/v1/tickets/${tickets[0]!.id}`, tickets[0])).body.jobId);
    await waitForJob(url, (await call("POST", "/v1/tickets/bulk", { tickets: tickets.slice(1) })).body.jobId, {}, 60_000);

    const answerIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await call("POST", "/v1/answers", { question: `My parcel is stuck at customs. ${says(i)}`, customer: { name: pick(pii.emails, i) } });
      answerIds.push(answer.body.id);
    }
    const suggestionIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const suggestion = await call("POST", "/v1/suggestions", {
        ticket: {
          subject: `Refund please, ${pick(pii.phones, i)}`,
          description: says(i),
          messages: [{ author: "customer", body: says(i + 1) }],
          customer: { name: i === 0 ? pick(pii.emails, i) : "Jane Doe", email: pick(pii.emails, i + 1) },
        },
      });
      suggestionIds.push(suggestion.body.id);
    }
    for (const [i, id] of suggestionIds.entries()) await call("POST", "/v1/feedback", { suggestionId: id, outcome: "edited", finalReply: `Hi, we refunded ${pick(pii.cards, i)}. ${says(i + 2)}` });
    for (const id of answerIds) await call("POST", "/v1/feedback", { answerId: id, outcome: "not_resolved" });

    const run = await call("POST", "/v1/gaps/runs", { minTickets: 3 });
    expect((await waitForJob(url, run.body.jobId, {}, 60_000)).state).toBe("completed");
    const report = await call("GET", `/v1/gaps/runs/${run.body.runId}`);
    expect(report.body.gaps.length, "the scan needs a report with gaps in it").toBeGreaterThan(0);
    await call("PATCH", `/v1/gaps/${report.body.gaps[0].id}`, { status: "accepted", note: `Customer ${pii.emails[0]} (${pii.phones[0]}) asked twice` });
    for (const format of ["csv", "json", "md"]) {
      const file = await call("GET", `/v1/gaps/export?format=${format}`);
      await fs.writeFile(path.join(outDir, `export.${format}`), String(typeof file.body === "string" ? file.body : JSON.stringify(file.body)));
    }
    await call("GET", "/v1/gaps");
    await call("GET", `/v1/tickets/${tickets[5]!.id}`);
    await call("GET", "/v1/articles/pii-kb-customs");
    await call("GET", "/v1/stats");
    await call("GET", "/v1/stats/threshold-replay?threshold=0.5");

    // Redaction replaced the data rather than dropping the text around it.
    const stored = (await http(url, "GET", `/v1/tickets/${tickets[1]!.id}`)).body;
    expect(stored.description).toContain("[EMAIL]");
    expect(stored.description).toContain("[IBAN]");
    expect(stored.customer).toEqual({ name: "Jane Doe" });

    // A clean shutdown writes the last index version and flushes the store before the scan.
    expect(await stop(api, "SIGTERM")).toBe(0);
    await fs.writeFile(path.join(outDir, "service.log"), api.output());
  });

  it("leaves none of the literals in any file under DATA_DIR", async () => {
    const files = await filesUnder(dataDir);
    expect(files.some((file) => file.endsWith("data.mdb"))).toBe(true);
    expect(files.some((file) => file.endsWith(".hnsw"))).toBe(true);
    const found: string[] = [];
    for (const file of files) found.push(...findings(path.relative(dataDir, file), await fs.readFile(file)));
    expect(found).toEqual([]);
  });

  it("leaves none of them in the debug log", async () => {
    const log = await fs.readFile(path.join(outDir, "service.log"));
    expect(log.toString()).toContain('"msg":"request completed"'); // request logging was on, so the scan covers it
    expect(findings("service.log", log)).toEqual([]);
  });

  it("leaves none of them in the gap exports", async () => {
    const found: string[] = [];
    for (const format of ["csv", "json", "md"]) {
      const file = await fs.readFile(path.join(outDir, `export.${format}`));
      expect(file.length).toBeGreaterThan(50);
      found.push(...findings(`export.${format}`, file));
    }
    expect(found).toEqual([]);
  });

  it("never repeats them in an API answer", async () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.flatMap(([call, body]) => findings(call, Buffer.from(body)))).toEqual([]);
  });
});
