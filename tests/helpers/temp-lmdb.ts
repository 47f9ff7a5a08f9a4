import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { open, type RootDatabase } from "lmdb";
import { afterEach, beforeEach } from "vitest";

/**
 * A fresh LMDB database in a temporary folder for each test of the calling suite, closed and removed
 * after it. Call inside `describe`; the returned function gives the current test's database.
 */
export function useTempLmdb(prefix: string): () => RootDatabase {
  let dir: string;
  let db: RootDatabase;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    db = open({ path: dir });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => db;
}
