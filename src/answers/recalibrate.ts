import type { CalibrationDeps } from "./calibration.js";
import { calibrateFromHistory, calibrationIsStale, saveCalibration } from "./calibration.js";
import { isSolved } from "../ingest/knowledge.schema.js";

/**
 * Refits answer confidence when solved-ticket history or its links changed enough since the last fit.
 * Runs in the index job (the single writer), so API replicas only ever read a finished calibration.
 */
export async function recalibrateIfStale(deps: CalibrationDeps, targetError: number): Promise<boolean> {
  const history = { solved: 0, linked: 0 };
  for (const ticket of deps.store.list("ticket")) {
    if (!isSolved(ticket.status)) continue;
    history.solved++;
    if ((ticket.articleIds ?? []).length > 0) history.linked++;
  }
  if (!calibrationIsStale(deps.store, history, deps.embedder.modelId)) return false;
  await saveCalibration(deps.store, await calibrateFromHistory(deps, targetError));
  return true;
}
