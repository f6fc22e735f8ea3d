import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Creates (if needed) a directory under .data/, the gitignored home of all runtime files. */
export async function dataDir(rootDir: string, ...parts: string[]): Promise<string> {
  const dir = join(rootDir, '.data', ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
