import type { CalibrationDeps } from "./calibration.js";
import { calibrateFromHistory, calibrationIsStale, saveCalibration } from "./calibration.js";

/**
 * Refits answer confidence when solved-ticket history or its links changed enough since the last fit.
 * Runs as a job after index jobs (the single writer), so API replicas only ever read a finished
 * calibration. History is counted in the index, as the fit counts it: reading every stored ticket
 * instead cost 0.2 s at 20,000 tickets, once per ticket when a help desk sends them one at a time.
 */
export async function recalibrateIfStale(deps: CalibrationDeps, targetError: number): Promise<boolean> {
  const history = { ...deps.index.solvedHistory(), articles: deps.index.count("article") };
  if (!calibrationIsStale(deps.store, history, deps.embedder.modelId)) return false;
  await saveCalibration(deps.store, await calibrateFromHistory(deps, targetError));
  return true;
}
