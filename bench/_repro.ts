import { Service } from "./lib/service.js";
import { buildPlan, FULL_PLAN, loadBanking77 } from "./lib/dataset.js";
import { ingest } from "./lib/http.js";
const plan = buildPlan(loadBanking77(), FULL_PLAN);
const s = await Service.start({ label: "repro", keep: true, env: { RATE_LIMIT_PER_MINUTE: "100000000" } });
console.log(s.url, s.dataDir);
try {
  const r = await ingest(s.url, "tickets", plan.historyTickets, 1000, (d) => console.log(new Date().toISOString(), d, Math.round(s.rssMb())));
  console.log(r);
} catch (e) { console.log("FAILED", (e as Error).message); }
await s.stop();
