import type { Duplex } from "node:stream";
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

/**
 * Other client errors Express raises with a 4xx status (http-errors): a path with broken %-encoding
 * ("/v1/articles/%E0%A4"), a gzip/deflate/br body that does not inflate. They are the caller's fault.
 */
function otherClientError(error: { status?: unknown; message?: unknown }): AppError | undefined {
  if (typeof error?.status !== "number" || error.status < 400 || error.status > 499) return undefined;
  if (error.status === 403) return new AppError("forbidden", "this path is not allowed");
  if (error.status === 404) return new AppError("not_found", "not found");
  if (error.status === 413) return new AppError("payload_too_large", "the request body is too large");
  const inPath = typeof error.message === "string" && error.message.startsWith("Failed to decode param");
  return new AppError("invalid_request", inPath ? "the URL path is not valid percent-encoding" : "the request could not be read (check its Content-Encoding)");
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const parserError = typeof error?.type === "string" ? bodyParserErrors[error.type] : undefined;
    const appError =
      error instanceof AppError
        ? error
        : parserError
          ? parserError(error)
          : (otherClientError(error) ?? new AppError("internal", "something went wrong on our side"));
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

/**
 * Requests Node's HTTP parser rejects before Express sees them (an unknown method, oversized headers,
 * a malformed request line) get the contract's error body too, instead of a bare "400 Bad Request".
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const [status, reason, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "the request headers are too large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "the request took too long to arrive"]
        : [400, "Bad Request", "the request is not valid HTTP"];
  const body = JSON.stringify({ error: { code: "invalid_request", message } });
  const head = error.rawPacket?.subarray(0, 5).toString("latin1") === "HEAD "; // a HEAD answer carries no body
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? "" : body}`);
}
