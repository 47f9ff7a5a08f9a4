import type { BenchOptions } from "./args.js";
import type { MachineInfo } from "./machine.js";
import { buildPlan, datasetMissingMessage, FULL_PLAN, loadBanking77, SMOKE_PLAN, type DatasetPlan } from "./dataset.js";
import { ingest, metric } from "./http.js";
import { Service, type ServiceOptions } from "./service.js";

const STAGES = ["articles", "history", "load"] as const;
export type Stage = (typeof STAGES)[number];

export interface StageIngestion {
  stage: Stage;
  kind: "articles" | "tickets";
  items: number;
  seconds: number;
  /** The follow-up jobs after it (confidence refit after tickets), waited for before measuring on. */
  followUpSeconds: number;
  /** Texts that reached the model (article chunks, tickets), from the service's own counter. */
  embeddedTexts: number;
}

/**
 * What every bench of one run shares: options, machine, the dataset plan, and one "dataset service"
 * that grows through stages (articles -> + solved tickets -> + the load bench's extra knowledge).
 * Benches that need an earlier stage than the live one get a fresh service, so no figure is measured
 * on more knowledge than its bench describes; in the default order (answers, suggestions, load) the
 * ingestion is done once instead of three times.
 */
export class BenchContext {
  readonly smoke: boolean;
  private planCache: DatasetPlan | null | undefined;
  private dataset: { service: Service; stage: number; ingestions: StageIngestion[]; sent: Set<string> } | undefined;
  private readonly services = new Set<Service>();

  constructor(
    readonly options: BenchOptions,
    readonly machine: MachineInfo,
  ) {
    this.smoke = options.commands.includes("smoke");
  }

  log(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  /** The dataset plan, or undefined (with the reason printed once) when BANKING77 is absent. */
  plan(): DatasetPlan | undefined {
    if (this.planCache === undefined) {
      this.planCache = datasetMissingMessage() ? null : buildPlan(loadBanking77(), this.smoke ? SMOKE_PLAN : FULL_PLAN);
    }
    // Said by every part it stops, so no skipped part goes unexplained in the log.
    if (this.planCache === null) this.log(`  ${datasetMissingMessage() ?? "dataset unavailable"}`);
    return this.planCache ?? undefined;
  }

  async startService(options: ServiceOptions = {}): Promise<Service> {
    const service = await Service.start({ keep: this.options.keep, ...options });
    this.services.add(service);
    this.log(`  service started in ${service.startupSeconds.toFixed(1)} s (${service.url}, RSS ${Math.round(service.rssMb())} MB)`);
    return service;
  }

  async stopService(service: Service): Promise<void> {
    this.services.delete(service);
    if (this.dataset?.service === service) this.dataset = undefined;
    await service.stop();
  }

  /** The dataset service with exactly the knowledge of `stage` ingested (see the class comment). */
  async datasetService(stage: Stage): Promise<{ service: Service; ingestions: StageIngestion[] }> {
    const plan = this.plan();
    if (!plan) throw new Error("dataset service requested without the dataset");
    const target = STAGES.indexOf(stage);
    if (this.dataset && !this.dataset.service.alive) {
      this.log(`  the dataset service had exited (code ${this.dataset.service.child.exitCode}); starting a new one. Its log ended:\n${this.dataset.service.logTail(1500)}`);
      this.services.delete(this.dataset.service);
      this.dataset = undefined;
    }
    if (this.dataset && this.dataset.stage > target) await this.stopService(this.dataset.service);
    if (!this.dataset) {
      const service = await this.startService({ label: "dataset" });
      this.dataset = { service, stage: -1, ingestions: [], sent: new Set() };
    }
    const live = this.dataset;
    while (live.stage < target) {
      live.stage++;
      const next = STAGES[live.stage]!;
      const articles = next === "articles" ? plan.articles : next === "load" ? plan.loadArticles : [];
      const tickets = next === "history" ? plan.historyTickets : next === "load" ? plan.loadTickets : [];
      for (const [kind, items] of [["articles", articles], ["tickets", tickets]] as const) {
        const fresh = items.filter((item) => !live.sent.has(`${kind}:${item.id}`));
        if (fresh.length === 0) continue;
        this.log(`  ingesting ${fresh.length} ${kind} (${next} stage)…`);
        const before = await metric(live.service.url, "helpdesk_embedded_texts_total");
        const outcome = await ingest(live.service.url, kind, fresh, 1000, (done) => this.progress(`  ${done}/${fresh.length} ${kind} indexed`));
        this.progress("");
        const embeddedTexts = (await metric(live.service.url, "helpdesk_embedded_texts_total")) - before;
        for (const item of fresh) live.sent.add(`${kind}:${item.id}`);
        live.ingestions.push({ stage: next, kind, items: fresh.length, seconds: outcome.seconds, followUpSeconds: outcome.followUpSeconds, embeddedTexts });
        const followUp = outcome.followUpSeconds >= 0.5 ? `; follow-up jobs ${outcome.followUpSeconds.toFixed(1)} s more` : "";
        this.log(`  ${fresh.length} ${kind} searchable after ${outcome.seconds.toFixed(1)} s (${(fresh.length / outcome.seconds).toFixed(1)}/s, ${embeddedTexts} texts embedded${followUp})`);
      }
    }
    return { service: live.service, ingestions: live.ingestions };
  }

  /** One rewritten status line on a terminal; nothing in a log file. */
  progress(line: string): void {
    if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
  }

  /** After a failure: says which services died and how their logs ended. */
  diagnose(): void {
    for (const service of this.services) {
      if (!service.alive) this.log(`  service ${service.url} exited (code ${service.child.exitCode}, signal ${service.child.signalCode}); its log ended:\n${service.logTail()}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.services].map((service) => service.stop()));
    this.services.clear();
    this.dataset = undefined;
  }
}
