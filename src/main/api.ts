import { configOrExit, onShutdown } from "./run.js";
import { startApiProcess } from "./api-process.js";
import { seedSampleData } from "./sample-data.js";
import { createKnowledgeService } from "../ingest/knowledge-service.js";

const config = configOrExit();
const api = await startApiProcess(config);
onShutdown(() => api.close(), (message) => api.core.logger.info(message));

if (process.argv.includes("--with-sample-data")) {
  const knowledge = createKnowledgeService({ store: api.core.store, jobs: api.jobs, redact: api.core.redact });
  const seeded = await seedSampleData(api.core.store, knowledge);
  if (seeded) api.core.logger.info({ articles: seeded.articles, tickets: seeded.tickets }, "sample data accepted; indexing runs in the background (see /readyz)");
}

process.stdout.write(
  [
    "",
    `helpdesk-copilot is running (${api.mode} mode) at ${api.url}`,
    `  API docs:   ${api.url}/docs`,
    `  Readiness:  ${api.url}/readyz`,
    `  Try:        curl -s ${api.url}/v1/articles/kb-reset-password`,
    "",
  ].join("\n"),
);
