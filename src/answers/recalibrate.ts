import type { CalibrationDeps } from "./calibration.js";
import { calibrateFromHistory, calibrationIsStale, saveCalibration } from "./calibration.js";

const SOLVED = new Set(["solved", "closed"]);

/**
 * Refits answer confidence when solved-ticket history has grown or shrunk enough since the last fit.
 * Runs in the index job (the single writer), so API replicas only ever read a finished calibration.
 */
export async function recalibrateIfStale(deps: CalibrationDeps, targetError: number): Promise<boolean> {
  let solved = 0;
  for (const ticket of deps.store.list("ticket")) if (SOLVED.has(ticket.status)) solved++;
  if (!calibrationIsStale(deps.store, solved, deps.embedder.modelId)) return false;
  await saveCalibration(deps.store, await calibrateFromHistory(deps, targetError));
  return true;
}
