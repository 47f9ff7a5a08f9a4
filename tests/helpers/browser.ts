import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (no browser download). The flags keep it from reaching
 * for the network at start-up, which this machine refuses.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
