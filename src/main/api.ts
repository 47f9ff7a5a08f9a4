import { configOrExit, onShutdown } from "./run.js";
import { startApiProcess } from "./api-process.js";
import { seedSampleData } from "./sample-data.js";

const config = configOrExit();
const api = await startApiProcess(config);
onShutdown(() => api.close(), (message) => api.core.logger.info(message));

if (process.argv.includes("--with-sample-data")) {
  const seeded = await seedSampleData(api.core.store, api.services.knowledge);
  if (seeded) api.core.logger.info({ articles: seeded.articles, tickets: seeded.tickets }, "sample data accepted; indexing runs in the background (see /readyz)");
}

process.stdout.write(
  [
    "",
    `helpdesk-copilot is running (${api.mode} mode) at ${api.url}`,
    `  API docs:   ${api.url}/docs`,
    `  Widget:     ${api.url}/widget/`,
    `  Gaps page:  ${api.url}/gaps`,
    `  Readiness:  ${api.url}/readyz`,
    `  Try:        curl -s ${api.url}/v1/articles/kb-reset-your-password`,
    "",
  ].join("\n"),
);
