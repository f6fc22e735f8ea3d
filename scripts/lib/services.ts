import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './data-dir';
import type { ManagedProcess } from './process';
import { waitForProcess } from './wait';

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

/**
 * Points `baseUrl` at the private instance (loopback, its port, the given
 * protocol and credentials) and waits until it answers there; a service
 * that never does is stopped, so no half-started daemon is left behind.
 */
export async function awaitPrivateService(
  proc: ManagedProcess,
  baseUrl: string,
  port: number,
  options: {
    protocol: string;
    username: string;
    what: string;
    timeoutMs: number;
    reachable: (url: string) => Promise<boolean>;
    signal?: AbortSignal | undefined;
  },
): Promise<PrivateService> {
  const privateUrl = new URL(baseUrl);
  privateUrl.protocol = options.protocol;
  privateUrl.hostname = '127.0.0.1';
  privateUrl.port = String(port);
  privateUrl.username = options.username;
  privateUrl.password = '';
  const url = privateUrl.toString();
  try {
    await waitForProcess(proc, () => options.reachable(url), {
      what: options.what,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return { url, port, proc };
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
