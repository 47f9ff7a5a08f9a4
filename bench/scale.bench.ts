import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "./lib/context.js";
import type { BenchResult } from "./lib/results.js";
import { groupByIntent, loadBanking77, syntheticTicket } from "./lib/dataset.js";
import { call, ingest, metric, readyCounts } from "./lib/http.js";
import { diskUsage, mb } from "./lib/disk.js";
import { mapLimit } from "./lib/pool.js";
import { round, summarise } from "./lib/stats.js";
import { printTable, type Cell } from "./lib/table.js";

const BATCH = 1_000;

/**
 * Ingestion at volume (100,000 tickets by default): time, peak memory, disk per 100k tickets, then a
 * restart on the same DATA_DIR (how long a replica takes to load the index) and search latency at
 * that size. Tickets are unique (a real question plus a reference number), so every one is embedded.
 */
export async function runScaleBench(ctx: BenchContext): Promise<BenchResult | undefined> {
  if (!ctx.plan()) return undefined;
  const total = ctx.smoke ? 50 : ctx.options.tickets;
  const data = loadBanking77();
  const byIntent = groupByIntent(data.train);
  const tickets = Array.from({ length: total }, (_, i) => syntheticTicket(byIntent, data.intents, i, "scale"));
  const meanChars = round(tickets.reduce((sum, t) => sum + t.subject.length + t.description.length + 1, 0) / total, 0);
  const dataDir = await mkdtemp(path.join(tmpdir(), "helpdesk-scale-"));
  try {
    let service = await ctx.startService({ dataDir, label: "scale" });
    const rssStartMb = Math.round(service.rssMb());
    ctx.log(`  ingesting ${total.toLocaleString("en-US")} tickets (~${meanChars} characters each) in bulk requests of ${BATCH}…`);
    const checkpoints: Array<{ tickets: number; seconds: number; rssMb: number }> = [];
    const start = performance.now();
    const outcome = await ingest(service.url, "tickets", tickets, BATCH, (done) => {
      const seconds = (performance.now() - start) / 1000;
      checkpoints.push({ tickets: done, seconds: round(seconds, 1), rssMb: Math.round(service.rssMb()) });
      const line = `  ${done.toLocaleString("en-US")} tickets in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(1)}/s), RSS ${Math.round(service.rssMb())} MB`;
      if (process.stdout.isTTY) ctx.progress(line);
      else if (done % (BATCH * 10) === 0) ctx.log(line);
    });
    ctx.progress("");
    const embedded = await metric(service.url, "helpdesk_embedded_texts_total");
    const counts = await readyCounts(service.url);
    const peakRssMb = Math.round(service.peakRssMb());
    const rssAfterMb = Math.round(service.rssMb());
    const anonRssAfterMb = Math.round(service.anonRssMb());
    await ctx.stopService(service); // SIGTERM: the service saves its index before it exits

    const store = await diskUsage(path.join(dataDir, "store"));
    const index = await diskUsage(path.join(dataDir, "index"));
    const live = await diskUsage(path.join(dataDir, "index", (await readFile(path.join(dataDir, "index", "CURRENT"), "utf8")).trim()));
    const all = await diskUsage(dataDir);
    ctx.log("  restarting on the same DATA_DIR…");
    service = await ctx.startService({ dataDir, label: "scale-restart" });
    const restartSeconds = round(service.startupSeconds, 1);
    // Listening is not the same as serving everything: wait until the index holds every ticket again
    // (at once when the saved version loads; after a rebuild from the store's cached vectors when the
    // index format or model changed in between).
    const readyStart = performance.now();
    while ((await readyCounts(service.url)).tickets < counts.tickets && performance.now() - readyStart < 3_600_000) await new Promise((resolve) => setTimeout(resolve, 500));
    const readySeconds = round(restartSeconds + (performance.now() - readyStart) / 1000, 1);
    const restartRssMb = Math.round(service.rssMb());
    const probes = data.test.slice(0, ctx.smoke ? 20 : 300).map((e) => e.text);
    const search = await mapLimit(probes, 1, async (q) => (await call(service.url, "POST", "/v1/search", { query: q, kind: "ticket", limit: 5 })).ms);
    const searchLatency = summarise(search);
    await ctx.stopService(service);

    const per100k = (value: number) => round((value * 100_000) / total, 1);
    const figures = {
      tickets: total,
      meanTicketChars: meanChars,
      indexedTickets: counts.tickets,
      textsEmbedded: embedded,
      ingestSeconds: round(outcome.seconds, 1),
      ticketsPerSecond: round(total / outcome.seconds, 1),
      acceptSeconds: round(outcome.acceptSeconds, 1),
      rssStartMb,
      rssAfterMb,
      anonRssAfterMb,
      peakRssMb,
      disk: { storeMb: mb(store.bytes), indexMb: mb(index.bytes), indexLiveVersionMb: mb(live.bytes), totalMb: mb(all.bytes), storeApparentMb: mb(store.apparentBytes) },
      per100kTickets: { diskMb: per100k(mb(all.bytes)), indexMb: per100k(mb(live.bytes)), storeMb: per100k(mb(store.bytes)), memoryMb: total >= 10_000 ? per100k(peakRssMb - rssStartMb) : null, ingestMinutes: per100k(outcome.seconds / 60) },
      restart: { listeningSeconds: restartSeconds, allTicketsSearchableSeconds: readySeconds, rssMb: restartRssMb },
      searchAtScale: searchLatency,
      checkpoints,
    };
    printTable(`Scale: ${total.toLocaleString("en-US")} tickets ingested into one embedded-mode service`, ["figure", "measured", "per 100k tickets"], [
      ["ingestion time", `${figures.ingestSeconds} s (${figures.ticketsPerSecond}/s)`, `${figures.per100kTickets.ingestMinutes} min`],
      ["texts embedded", embedded, ""],
      ["RSS at start / after / peak", `${rssStartMb} / ${rssAfterMb} (${anonRssAfterMb} anonymous) / ${peakRssMb} MB`, figures.per100kTickets.memoryMb === null ? "(too few tickets to extrapolate)" : `+${figures.per100kTickets.memoryMb} MB (peak − start)`],
      ["disk: store (LMDB)", `${figures.disk.storeMb} MB`, `${figures.per100kTickets.storeMb} MB`],
      ["disk: index, live version (HNSW + BM25)", `${figures.disk.indexLiveVersionMb} MB`, `${figures.per100kTickets.indexMb} MB`],
      ["disk: index folder (live + previous version)", `${figures.disk.indexMb} MB`, ""],
      ["disk: DATA_DIR total", `${figures.disk.totalMb} MB`, `${figures.per100kTickets.diskMb} MB`],
      ["restart on the same DATA_DIR", `listening after ${restartSeconds} s, every ticket searchable after ${readySeconds} s, RSS ${restartRssMb} MB`, ""],
      ["/v1/search over tickets (sequential)", `p50 ${searchLatency.p50} ms, p95 ${searchLatency.p95} ms`, ""],
    ] as Cell[][]);
    return {
      name: ctx.smoke ? "smoke-scale" : "scale",
      figures,
      notes: [
        "embedded mode (one process); disk is allocated blocks, so LMDB's sparse map does not count",
        "per-100k figures are the measured ones scaled linearly when fewer tickets were ingested",
      ],
    };
  } finally {
    if (!ctx.options.keep) await rm(dataDir, { recursive: true, force: true });
  }
}
