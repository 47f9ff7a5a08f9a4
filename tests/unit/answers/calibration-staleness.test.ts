import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KnowledgeStore } from "../../../src/adapters/store/knowledge-store.js";
import { DEFAULT_CALIBRATION, calibrationIsStale, saveCalibration } from "../../../src/answers/calibration.js";

const MODEL = "test-model";

describe("calibrationIsStale", () => {
  let dir: string;
  let store: KnowledgeStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "calibration-"));
    store = new KnowledgeStore(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fittedOn = (samples: number, linkedSamples?: number) =>
    saveCalibration(store, { ...DEFAULT_CALIBRATION, source: "history", threshold: 0.7, modelId: MODEL, samples, ...(linkedSamples === undefined ? {} : { linkedSamples }) });

  it("waits for enough solved tickets before the first fit, then fits while on the default", async () => {
    expect(calibrationIsStale(store, { solved: 150, linked: 150, articles: 40 }, MODEL)).toBe(false);
    expect(calibrationIsStale(store, { solved: 300, linked: 0, articles: 40 }, MODEL)).toBe(true);
  });

  it("refits when solved history grows or shrinks by a tenth, not for a handful of tickets", async () => {
    await fittedOn(2000, 1800);
    expect(calibrationIsStale(store, { solved: 2100, linked: 1800, articles: 40 }, MODEL)).toBe(false);
    expect(calibrationIsStale(store, { solved: 2200, linked: 1800, articles: 40 }, MODEL)).toBe(true);
    expect(calibrationIsStale(store, { solved: 1800, linked: 1800, articles: 40 }, MODEL)).toBe(true);
  });

  it("refits when agents link (or unlink) articles on tickets already solved, though their count stays", async () => {
    await fittedOn(2000, 1000);
    expect(calibrationIsStale(store, { solved: 2000, linked: 1090, articles: 40 }, MODEL)).toBe(false);
    expect(calibrationIsStale(store, { solved: 2000, linked: 1100, articles: 40 }, MODEL)).toBe(true);
    expect(calibrationIsStale(store, { solved: 2000, linked: 900, articles: 40 }, MODEL)).toBe(true);
  });

  it("reads a fit saved before links were counted as stale only by its ticket count", async () => {
    await fittedOn(2000);
    expect(calibrationIsStale(store, { solved: 2000, linked: 0, articles: 40 }, MODEL)).toBe(false);
  });

  it("counts a fit that ended on the default as a fit, until history moves by a tenth", async () => {
    // What calibrateFromHistory saves when agents link too few articles to learn from.
    await saveCalibration(store, { ...DEFAULT_CALIBRATION, modelId: MODEL, samples: 2000, linkedSamples: 0 });
    expect(calibrationIsStale(store, { solved: 2001, linked: 0, articles: 40 }, MODEL)).toBe(false);
    expect(calibrationIsStale(store, { solved: 2000, linked: 60, articles: 40 }, MODEL)).toBe(true);
    expect(calibrationIsStale(store, { solved: 2200, linked: 0, articles: 40 }, MODEL)).toBe(true);
  });

  it("tries a fit that ended on the default again once the articles change, as when they arrive after the tickets that link them", async () => {
    // Tickets imported first: the fit found none of the articles they link, and ended on the default.
    await saveCalibration(store, { ...DEFAULT_CALIBRATION, modelId: MODEL, samples: 2000, linkedSamples: 1800, articles: 0 });
    expect(calibrationIsStale(store, { solved: 2000, linked: 1800, articles: 0 }, MODEL)).toBe(false);
    expect(calibrationIsStale(store, { solved: 2000, linked: 1800, articles: 30 }, MODEL)).toBe(true);
    // A fit on history is redone for history, not for articles coming and going.
    await saveCalibration(store, { ...DEFAULT_CALIBRATION, source: "history", threshold: 0.7, modelId: MODEL, samples: 2000, linkedSamples: 1800, articles: 200 });
    expect(calibrationIsStale(store, { solved: 2000, linked: 1800, articles: 150 }, MODEL)).toBe(false);
  });

  it("treats another embedding model's fit as none", async () => {
    await fittedOn(2000, 2000);
    expect(calibrationIsStale(store, { solved: 2000, linked: 2000, articles: 40 }, "other-model")).toBe(true);
  });
});
