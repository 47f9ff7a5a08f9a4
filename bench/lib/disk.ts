import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Bytes a folder really occupies (allocated blocks, not apparent sizes: LMDB files are sparse and a
 * large map size must not count as used disk).
 */
export async function diskUsage(dir: string): Promise<{ bytes: number; apparentBytes: number }> {
  let bytes = 0;
  let apparentBytes = 0;
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const info = await stat(full);
        bytes += info.blocks * 512;
        apparentBytes += info.size;
      }
    }
  };
  try {
    await walk(dir);
  } catch {
    // a folder that does not exist (yet) uses nothing
  }
  return { bytes, apparentBytes };
}

export const mb = (bytes: number): number => Math.round((bytes / 1024 ** 2) * 10) / 10;
