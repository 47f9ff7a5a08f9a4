import express, { Router } from "express";
import helmet from "helmet";
import cors from "cors";
import type { Redis } from "ioredis";
import { createRateLimit } from "./rate-limit.js";
import { pinoHttp } from "pino-http";
import swaggerUi from "swagger-ui-express";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CoreDeps } from "../main/deps.js";
import type { JobQueue } from "../jobs/catalog.js";
import type { Services } from "../main/services.js";
import { createAuth } from "./auth.js";
import { buildOpenApiDocument, createRegistry } from "./openapi.js";
import { errorHandler, notFoundHandler, requireJson } from "./error-handler.js";
import { mountKnowledgeRoutes } from "./knowledge.routes.js";
import { mountJobRoutes } from "./jobs.routes.js";
import { mountHealthRoutes } from "./health.routes.js";
import { mountSearchRoutes } from "./search.routes.js";
import { mountAnswerRoutes } from "./answers.routes.js";
import { readCalibration } from "../answers/calibration.js";
import { mountFeedbackRoutes } from "./feedback.routes.js";
import { mountSuggestionRoutes } from "./suggestions.routes.js";
import type { RouteContext } from "./route.js";
import { mountGapRoutes } from "./gaps.routes.js";
import { createGapsService } from "../gaps/gaps-service.js";

export interface AppDeps {
  core: CoreDeps;
  jobs: JobQueue;
  services: Services;
  /** Scaled mode: rate-limit counters are shared through Redis. */
  redis?: Redis;
}

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web");
const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Builds the Express app (no listen), so tests and both run modes share it. */
export function createApp({ core, jobs, services, redis }: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", parseTrustProxy(core.config.TRUST_PROXY));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(pinoHttp({ logger: core.logger, autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" } }));
  // Browsers may call only the customer-facing endpoints, and only from the configured widget origins.
  app.use(["/v1/answers", "/v1/feedback"], cors({ origin: core.config.WIDGET_ORIGINS, methods: ["POST"], allowedHeaders: ["Content-Type", "Authorization"], maxAge: 600 }));
  app.use("/v1", createRateLimit(core.config.RATE_LIMIT_PER_MINUTE, redis, core.config.REDIS_PREFIX));
  app.use(requireJson);
  app.use(express.json({ limit: core.config.MAX_BODY_BYTES, strict: true }));

  const router = Router();
  const registry = createRegistry();
  const auth = createAuth(core.config.API_KEYS ?? []);
  const context: RouteContext = { router, registry, auth: auth.require, hasRole: auth.hasRole };
  mountHealthRoutes(context, core.holder, jobs, core.metrics);
  mountKnowledgeRoutes(context, services.knowledge, core.config.MAX_BULK_ITEMS);
  mountJobRoutes(context, jobs);
  mountSearchRoutes(context, core.holder, core.embedder);
  mountAnswerRoutes(context, services.answer, () => readCalibration(core.store, core.embedder.modelId));
  mountFeedbackRoutes(context, services.feedback, core.store);
  mountSuggestionRoutes(context, services.suggest);
  mountGapRoutes(context, createGapsService(core.store, jobs, core.redact));

  const openApi = buildOpenApiDocument(registry, version);
  app.get("/openapi.json", (_req, res) => res.json(openApi));
  app.use("/widget", express.static(path.join(webDir, "widget"), { index: "index.html" }));
  // The content team's page: static files that call the JSON API above.
  app.use("/gaps", express.static(path.join(webDir, "gaps"), { index: "index.html" }));
  app.get("/", (_req, res) => res.redirect(302, "/gaps/"));
  app.use("/docs", swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: "helpdesk-copilot API" }));
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(core.logger));
  return app;
}

/** "1" -> 1 hop, "true"/"false" -> booleans, anything else (e.g. "loopback, 10.0.0.0/8") as Express takes it. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
