import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './net';
import { ManagedProcess } from './process';
import { awaitPrivateService, isNetworkError, type PrivateService, redactUrl, serviceDir } from './services';

/**
 * True when a MariaDB/MySQL server accepts the URL's credentials (without
 * selecting the database: migrate creates it). False when nothing answers;
 * throws when a server answers but refuses, since starting another would not help.
 */
export async function mariadbReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  const parsed = new URL(url);
  try {
    const connection = await mysql.createConnection({
      host: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      connectTimeout: timeoutMs,
    });
    await connection.end();
    return true;
  } catch (err) {
    if (isNetworkError(err)) return false;
    throw new Error(
      `MariaDB at ${redactUrl(url)} refused the connection: ${(err as Error).message}. Check DATABASE_URL.`,
    );
  }
}

interface PrivateMariaDbSettings {
  rootDir: string;
  /** DATABASE_URL that was not reachable; the private URL keeps its database name. */
  url: string;
  mariadbd: string;
  installDb: string;
  signal?: AbortSignal | undefined;
}

/** Starts mariadbd on a free loopback port with its data in .data/mariadb, initialising it on first use. */
export async function startPrivateMariaDb(settings: PrivateMariaDbSettings): Promise<PrivateService> {
  const { rootDir, mariadbd, installDb, signal } = settings;
  const { dir, log } = await serviceDir(rootDir, 'mariadb');
  const datadir = join(dir, 'data');
  const pidFile = join(dir, 'mysqld.pid');
  await assertNoLeftover(pidFile, relative(rootDir, dir));
  if (!existsSync(datadir)) await initialise(installDb, datadir);

  const port = await freePort();
  const proc = new ManagedProcess({
    id: 'mariadb',
    command: mariadbd,
    args: [
      // First, so the system my.cnf (user=mysql, /run/mysqld socket, …) cannot clash with the system server.
      '--no-defaults',
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${pidFile}`,
      '--skip-name-resolve',
      // Debian's packaged defaults, which --no-defaults would otherwise drop (latin1).
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      ...runAsRoot(),
    ],
    cwd: rootDir,
    env: process.env,
    logs: log,
  });
  proc.start();

  return awaitPrivateService(proc, settings.url, port, {
    protocol: 'mysql:',
    username: 'root',
    what: `accept connections on 127.0.0.1:${port}`,
    timeoutMs: 60_000,
    reachable: (url) => mariadbReachable(url, 1000),
    signal,
  });
}

// mariadbd refuses to run as root unless told to; elsewhere it runs as the current user.
function runAsRoot(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

// Initialised beside the final path and renamed, so an interrupted first run
// leaves no half-made datadir that would be mistaken for a ready one.
async function initialise(installDb: string, datadir: string): Promise<void> {
  const staging = `${datadir}.init`;
  await rm(staging, { recursive: true, force: true });
  try {
    await promisify(execFile)(installDb, [
      '--no-defaults',
      `--datadir=${staging}`,
      // root@localhost and root@127.0.0.1 with an empty password, usable over TCP.
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...runAsRoot(),
    ]);
  } catch (err) {
    const output = (err as { stderr?: string }).stderr?.trim() || String(err);
    throw new Error(`mariadb-install-db failed for ${staging}:\n${output}`);
  }
  await rename(staging, datadir);
}

// A launcher killed with SIGKILL leaves its mariadbd behind, holding the
// datadir lock; a new one would spin on that lock for 30 s and then fail obscurely.
async function assertNoLeftover(pidFile: string, shownDir: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => 'mariadbd');
  if (!name.startsWith('mariadbd')) return;
  throw new Error(
    `A private MariaDB from an earlier run still holds ${shownDir} (pid ${pid}). Stop it with: kill ${pid}`,
  );
}
