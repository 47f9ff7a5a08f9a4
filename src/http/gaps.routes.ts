import { z } from "../shared/zod.js";
import type { GapsService } from "../gaps/gaps-service.js";
import { exportQuerySchema, gapIdParams, gapReportSchema, gapSchema, patchGapSchema, runIdParams, runRequestSchema } from "../gaps/gap.schema.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";

const errors = {
  400: { description: "Invalid request", schema: errorBodySchema },
  401: { description: "Missing or invalid API key", schema: errorBodySchema },
  403: { description: "The key lacks the role", schema: errorBodySchema },
};
const runAccepted = z.object({ jobId: z.string(), runId: z.string() }).openapi("GapRunAccepted");
const notFound = { 404: { description: "No such report or gap", schema: errorBodySchema } };
const tag = "Knowledge gaps";
const roles: ["content"] = ["content"];

/** Knowledge-gap reports and their review; the analysis itself runs in the gap-run job. */
export function mountGapRoutes(context: RouteContext, gaps: GapsService): void {
  defineRoute(context, { method: "post", path: "/v1/gaps/runs", summary: "Start a gap analysis (default: the last 30 days)", tag, roles, body: runRequestSchema, responses: { 202: { description: "Accepted; follow the job", schema: runAccepted }, ...errors } }, async (req, res) => {
    res.status(202).json(await gaps.startRun(valid(req, "body", runRequestSchema)));
  });

  defineRoute(context, { method: "get", path: "/v1/gaps", summary: "The latest completed gap report", tag, roles, responses: { 200: { description: "The report", schema: gapReportSchema }, ...notFound, ...errors } }, (_req, res) => {
    res.json(gaps.latest());
  });

  // Declared before /v1/gaps/:id-style paths would be, so "export" is never read as an id.
  defineRoute(context, { method: "get", path: "/v1/gaps/export", summary: "The latest report as a CSV, JSON or Markdown file", tag, roles, query: exportQuerySchema, responses: { 200: { description: "The file (Content-Disposition: attachment)", schema: z.string(), contentType: "text/csv" }, ...notFound, ...errors } }, (req, res) => {
    const file = gaps.exportLatest(valid(req, "query", exportQuerySchema).format);
    res.setHeader("Content-Type", file.contentType);
    res.setHeader("Content-Disposition", `attachment; filename="${file.filename}"`);
    res.send(file.body);
  });

  defineRoute(context, { method: "get", path: "/v1/gaps/runs/:runId", summary: "The report of one run", tag, roles, params: runIdParams, responses: { 200: { description: "The report", schema: gapReportSchema }, 409: { description: "The run has not completed", schema: errorBodySchema }, ...notFound, ...errors } }, (req, res) => {
    res.json(gaps.run(valid(req, "params", runIdParams).runId));
  });

  defineRoute(context, { method: "patch", path: "/v1/gaps/:id", summary: "Review a gap: accept, dismiss or mark covered", tag, roles, params: gapIdParams, body: patchGapSchema, responses: { 200: { description: "The updated gap", schema: gapSchema }, ...notFound, ...errors } }, async (req, res) => {
    const { status, note } = valid(req, "body", patchGapSchema);
    res.json(await gaps.review(valid(req, "params", gapIdParams).id, status, note));
  });
}
