import { Redis } from 'ioredis';
import { withRedisPassword } from '../../server/config';
import { freePort } from './net';
import { ManagedProcess } from './process';
import { awaitPrivateService, type PrivateService, redactUrl, serviceDir } from './services';

/**
 * True when a Redis at the URL answers PING. False when nothing usable
 * answers; throws when Redis answers with an error (e.g. a wrong password).
 */
export async function redisReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  // With retries off, connect() only says "Connection is closed."; the cause
  // arrives as an 'error' event.
  let cause: unknown = null;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  client.on('error', (err) => (cause = err));
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    const reply = [cause, err].find((e) => e instanceof Error && e.name === 'ReplyError') as Error | undefined;
    if (reply) throw new Error(`Redis at ${redactUrl(url)} refused the connection: ${reply.message}. Check REDIS_URL.`);
    return false;
  } finally {
    client.disconnect();
  }
}

interface PrivateRedisSettings {
  rootDir: string;
  /** REDIS_URL that was not reachable; the private URL keeps its database number. */
  url: string;
  redisServer: string;
  signal?: AbortSignal | undefined;
  /** Keep an append-only file, so that data survives a restart (the failure drills want that). Default: memory only. */
  appendOnly?: boolean;
  /** The process's name in logs. Default `redis`. */
  id?: string;
  /** Make clients authenticate (`requirepass`), as production does; the returned URL leaves it out. */
  password?: string;
}

/** Starts redis-server on a free loopback port, its runtime files in <rootDir>/.data/redis. */
export async function startPrivateRedis({
  rootDir,
  url,
  redisServer,
  signal,
  appendOnly = false,
  id = 'redis',
  password,
}: PrivateRedisSettings): Promise<PrivateService> {
  const { dir, log } = await serviceDir(rootDir, 'redis');
  const port = await freePort();
  const proc = new ManagedProcess({
    id,
    command: redisServer,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      appendOnly ? 'yes' : 'no',
      '--daemonize',
      'no',
      ...(password ? ['--requirepass', password] : []),
    ],
    cwd: rootDir,
    env: process.env,
    logs: log,
  });
  proc.start();

  return awaitPrivateService(proc, url, port, {
    protocol: 'redis:',
    username: '',
    what: `answer PING on 127.0.0.1:${port}`,
    timeoutMs: 30_000,
    reachable: (privateUrl) => redisReachable(withRedisPassword(privateUrl, password), 1000),
    signal,
  });
}
