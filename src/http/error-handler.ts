import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "../shared/app-error.js";
import type { Logger } from "../shared/logger.js";

/** body-parser signals its failures with a `type`; each maps to a clear client error, never a 500. */
const bodyParserErrors: Record<string, (error: { limit?: number }) => AppError> = {
  "entity.parse.failed": () => new AppError("invalid_request", "the request body is not valid JSON"),
  "entity.too.large": (error) => new AppError("payload_too_large", `the request body is larger than ${error.limit} bytes`),
  "encoding.unsupported": () => new AppError("invalid_request", "unsupported content encoding"),
  "charset.unsupported": () => new AppError("invalid_request", "unsupported charset"),
  "request.aborted": () => new AppError("invalid_request", "the request was aborted"),
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const parserError = typeof error?.type === "string" ? bodyParserErrors[error.type] : undefined;
    const appError =
      error instanceof AppError ? error : parserError ? parserError(error) : new AppError("internal", "something went wrong on our side");
    if (appError.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, "request failed");
    if (appError.code === "rate_limited") res.setHeader("Retry-After", "60");
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new AppError("not_found", `no route for ${req.method} ${req.path}`));

/** JSON endpoints accept only JSON bodies; anything else is a clear 415-style 400 rather than an empty body. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers["content-length"] !== "0" && (req.headers["content-length"] || req.headers["transfer-encoding"]);
  if (hasBody && !req.is("application/json")) {
    return next(new AppError("invalid_request", "send the body as JSON with Content-Type: application/json"));
  }
  next();
};
