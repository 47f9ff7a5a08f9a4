import express, { Router } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import swaggerUi from "swagger-ui-express";
import { createRequire } from "node:module";
import type { CoreDeps } from "../main/deps.js";
import type { JobQueue } from "../jobs/catalog.js";
import type { KnowledgeService } from "../ingest/knowledge-service.js";
import { createAuth } from "./auth.js";
import { buildOpenApiDocument, createRegistry } from "./openapi.js";
import { errorHandler, notFoundHandler, requireJson } from "./error-handler.js";
import { mountKnowledgeRoutes } from "./knowledge.routes.js";
import { mountJobRoutes } from "./jobs.routes.js";
import { mountHealthRoutes } from "./health.routes.js";
import { mountSearchRoutes } from "./search.routes.js";
import type { RouteContext } from "./route.js";

export interface AppDeps {
  core: CoreDeps;
  jobs: JobQueue;
  knowledge: KnowledgeService;
}

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Builds the Express app (no listen), so tests and both run modes share it. */
export function createApp({ core, jobs, knowledge }: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(pinoHttp({ logger: core.logger, autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" } }));
  app.use(requireJson);
  app.use(express.json({ limit: core.config.MAX_BODY_BYTES, strict: true }));

  const router = Router();
  const registry = createRegistry();
  const context: RouteContext = { router, registry, auth: createAuth(core.config.API_KEYS ?? []) };
  mountHealthRoutes(context, core.holder, jobs, core.metrics);
  mountKnowledgeRoutes(context, knowledge, core.config.MAX_BULK_ITEMS);
  mountJobRoutes(context, jobs);
  mountSearchRoutes(context, core.holder, core.embedder);

  const openApi = buildOpenApiDocument(registry, version);
  app.get("/openapi.json", (_req, res) => res.json(openApi));
  app.use("/docs", swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: "helpdesk-copilot API" }));
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(core.logger));
  return app;
}
