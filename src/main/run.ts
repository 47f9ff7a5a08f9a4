import { ConfigError, loadConfig, type Config } from "../config/env.js";

/** Loads the configuration or prints one line per bad variable and exits: the shared start of both processes. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`helpdesk-copilot: invalid configuration\n${error.lines.map((line) => `  ${line}`).join("\n")}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** SIGTERM/SIGINT: close once, exit 0; a second signal exits at once. */
export function onShutdown(close: () => Promise<void>, log: (message: string) => void): void {
  let closing = false;
  const handle = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal} received: finishing in-flight work and saving`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => handle("SIGTERM"));
  process.on("SIGINT", () => handle("SIGINT"));
}
