import { z } from "../shared/zod.js";
import { Gauge, type Registry } from "prom-client";
import type { IndexHolder } from "../adapters/index/index-holder.js";
import type { JobQueue } from "../jobs/catalog.js";
import { defineRoute, type RouteContext } from "./route.js";

const readySchema = z.object({ ready: z.boolean(), index: z.boolean(), queue: z.boolean(), articles: z.number(), tickets: z.number() });

export function mountHealthRoutes(context: RouteContext, holder: IndexHolder, jobs: JobQueue, metrics: Registry): void {
  const depth = jobs.depth?.bind(jobs);
  if (depth) {
    new Gauge({
      name: "helpdesk_jobs_pending",
      help: "Background jobs waiting or running (imports, index rebuilds, confidence refits, gap runs)",
      registers: [metrics],
      async collect() {
        // An unreachable Redis leaves the gauge unset rather than failing the whole scrape.
        this.set(await depth().catch(() => Number.NaN));
      },
    });
  }

  defineRoute(context, { method: "get", path: "/healthz", summary: "The process is up", tag: "Operations", responses: { 200: { description: "Up", schema: z.object({ ok: z.literal(true) }) } } }, (_req, res) => {
    res.json({ ok: true });
  });

  defineRoute(context, { method: "get", path: "/readyz", summary: "Index loaded and job queue reachable", tag: "Operations", responses: { 200: { description: "Ready", schema: readySchema }, 503: { description: "Not ready", schema: readySchema } } }, async (_req, res) => {
    const queue = await jobs.isReady();
    const index = holder.loaded;
    const body = { ready: index && queue, index, queue, articles: index ? holder.current.count("article") : 0, tickets: index ? holder.current.count("ticket") : 0 };
    res.status(body.ready ? 200 : 503).json(body);
  });

  defineRoute(context, { method: "get", path: "/metrics", summary: "Prometheus metrics", tag: "Operations", responses: { 200: { description: "Prometheus text format", schema: z.string(), contentType: "text/plain" } } }, async (_req, res) => {
    res.setHeader("Content-Type", metrics.contentType);
    res.send(await metrics.metrics());
  });
}
