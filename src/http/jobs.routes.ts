import { z } from "../shared/zod.js";
import type { JobQueue } from "../jobs/catalog.js";
import { defineRoute, type RouteContext } from "./route.js";
import { valid } from "./validate.js";
import { errorBodySchema } from "./openapi.js";
import { notFound } from "../shared/app-error.js";

const jobParams = z.object({ jobId: z.string().min(1).max(100).regex(/^[\w-]+$/, "letters, digits, _ and - only") });
export const jobStatusSchema = z
  .object({
    id: z.string(),
    state: z.enum(["queued", "running", "completed", "failed"]),
    progress: z.object({ done: z.number(), total: z.number() }),
    error: z.string().optional(),
    name: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .openapi("Job");

export function mountJobRoutes(context: RouteContext, jobs: JobQueue): void {
  defineRoute(context, { method: "get", path: "/v1/jobs/:jobId", summary: "State and progress of a background job", tag: "Jobs", roles: ["admin", "agent", "content"], params: jobParams, responses: { 200: { description: "The job", schema: jobStatusSchema }, 404: { description: "Unknown job", schema: errorBodySchema } } }, async (req, res) => {
    const { jobId } = valid(req, "params", jobParams);
    const job = await jobs.get(jobId);
    if (!job) throw notFound(`job ${jobId}`);
    res.json(job);
  });
}
