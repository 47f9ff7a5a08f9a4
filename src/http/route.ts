import type { Request, RequestHandler, Router } from "express";
import type { ZodTypeAny } from "zod";
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { Role } from "../config/env.js";
import { validate } from "./validate.js";

export interface RouteSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  roles?: Role[];
  body?: ZodTypeAny;
  params?: ZodTypeAny;
  query?: ZodTypeAny;
  responses: Record<number, { description: string; schema?: ZodTypeAny; contentType?: string }>;
}

export interface RouteContext {
  router: Router;
  registry: OpenAPIRegistry;
  auth: (...roles: Role[]) => RequestHandler;
  hasRole: (req: Request, role: Role) => Promise<boolean>;
}

/**
 * Mounts a route and documents it from the same zod schemas, so /openapi.json cannot drift from what
 * the route actually validates.
 */
export function defineRoute({ router, registry, auth }: RouteContext, spec: RouteSpec, handler: RequestHandler): void {
  const chain: RequestHandler[] = [];
  if (spec.roles) chain.push(auth(...spec.roles));
  if (spec.params) chain.push(validate("params", spec.params));
  if (spec.query) chain.push(validate("query", spec.query));
  if (spec.body) chain.push(validate("body", spec.body));
  router[spec.method](spec.path, ...chain, handler);

  registry.registerPath({
    method: spec.method,
    path: spec.path.replace(/:(\w+)/g, "{$1}"),
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.roles ? { security: [{ bearer: [] }], description: `Roles: ${spec.roles.join(", ")} (or admin).` } : {}),
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } } } } : {}),
    },
    responses: Object.fromEntries(
      Object.entries(spec.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema ? { content: { [response.contentType ?? "application/json"]: { schema: response.schema } } } : {}),
        },
      ]),
    ),
  });
}
