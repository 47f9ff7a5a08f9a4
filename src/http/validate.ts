import type { RequestHandler } from "express";
import type { ZodTypeAny, z } from "zod";
import { invalid } from "../shared/app-error.js";

type Part = "body" | "params" | "query";

/** Parses one part of the request with a zod schema; 400 names each offending field. */
export function validate<S extends ZodTypeAny>(part: Part, schema: S): RequestHandler {
  return (req, _res, next) => {
    const parsed = schema.safeParse(req[part]);
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 50).map((issue) => ({
        path: [part, ...issue.path].join("."),
        message: issue.message,
      }));
      return next(invalid(`invalid ${part}: ${details[0]?.path}: ${details[0]?.message}`, details));
    }
    // Express 5 makes req.query a getter; keep the parsed value beside it instead of overwriting it.
    validatedParts(req)[part] = parsed.data;
    next();
  };
}

const validatedParts = (req: Parameters<RequestHandler>[0]): Record<Part, unknown> =>
  ((req as unknown as { valid: Record<Part, unknown> }).valid ??= { body: undefined, params: undefined, query: undefined });

/** The value `validate(part, schema)` parsed earlier in the chain. */
export function valid<S extends ZodTypeAny>(req: Parameters<RequestHandler>[0], part: Part, _schema: S): z.infer<S> {
  return validatedParts(req)[part] as z.infer<S>;
}
