import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Request and ticket bodies are never logged; these paths are redacted in case one slips into a log
 * call's context object (customer e-mail, authorization header, free text).
 */
const redactPaths = [
  "req.headers.authorization",
  "*.email",
  "*.body",
  "*.description",
  "*.question",
  "*.messages",
  "customer",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: "[REDACTED]" }, base: { service: "helpdesk-copilot" } },
    destination ?? process.stdout,
  );
}
