import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './data-dir';
import type { ManagedProcess } from './process';

/** A MariaDB or Redis that the launcher started for itself. */
export interface PrivateService {
  url: string;
  port: number;
  proc: ManagedProcess;
}

// Codes meaning "nothing answered there", as opposed to a server that
// answered and refused (bad password, unknown user), which needs the user.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);

export function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Runtime directory under .data/ plus an appending log file in it (the daemons are chatty). */
export async function serviceDir(rootDir: string, name: string): Promise<{ dir: string; log: NodeJS.WritableStream }> {
  const dir = await dataDir(rootDir, name);
  return { dir, log: createWriteStream(join(dir, `${name}.log`), { flags: 'a' }) };
}
