import type { CalibrationDeps } from "./calibration.js";
import { calibrateFromHistory, calibrationIsStale, saveCalibration } from "./calibration.js";
import { isSolved } from "../ingest/knowledge.schema.js";

/**
 * Refits answer confidence when solved-ticket history has grown or shrunk enough since the last fit.
 * Runs in the index job (the single writer), so API replicas only ever read a finished calibration.
 */
export async function recalibrateIfStale(deps: CalibrationDeps, targetError: number): Promise<boolean> {
  let solved = 0;
  for (const ticket of deps.store.list("ticket")) if (isSolved(ticket.status)) solved++;
  if (!calibrationIsStale(deps.store, solved, deps.embedder.modelId)) return false;
  await saveCalibration(deps.store, await calibrateFromHistory(deps, targetError));
  return true;
}
