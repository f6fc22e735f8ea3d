import knexFactory, { type Knex } from 'knex';
import Client_MySQL2 from 'knex/lib/dialects/mysql2/index.js';
import mysql from 'mysql2/promise';

export type Db = Knex;
export type Trx = Knex.Transaction;

interface ConnectionParts {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseDatabaseUrl(url: string): ConnectionParts {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'absensi',
  };
}

/** How long a caller waits on MariaDB: for a pooled connection, and for the answer to each statement. */
interface DbTimeouts {
  acquireMs: number;
  queryMs: number;
}

/** What a long-running process without its own bounds (migrations, the CLI, tests) gets: five seconds for a connection, no limit on a statement. */
const ACQUIRE_WITHOUT_BOUNDS_MS = 5000;

/** MariaDB did not answer a statement in time, so the connection it was sent on has been closed. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'DATABASE_TIMEOUT';
  override readonly name = 'DatabaseTimeoutError';
}

/** The parts of a mysql2 connection that closing one needs (mysql2's typings leave out its socket). */
interface RawConnection {
  destroy(): void;
  stream: { destroy(): void };
}

/**
 * knex's mysql2 dialect with every statement bounded. Neither library bounds
 * a stalled server (MariaDB paused or unreachable, the TCP connection still
 * open) safely on its own:
 * - mysql2's `timeout` query option calls back with an error but leaves the
 *   statement on the connection, so whatever is sent next waits behind it
 *   (and its timer only starts once a statement is sent, not while queued);
 * - knex's `.timeout()` is per builder, does not cover BEGIN or COMMIT, and
 *   in a transaction the ROLLBACK that follows the timeout queues behind the
 *   stalled statement on the same connection: the request then waits for
 *   knex's own 5 s ROLLBACK limit;
 * - `{cancel: true}` sends KILL QUERY on a new connection, which a stalled
 *   server does not answer either.
 * So when a statement goes unanswered for `queryMs`, its connection is
 * closed. The statement fails with DatabaseTimeoutError, and so, at once,
 * does anything sent on that connection afterwards, a transaction's ROLLBACK
 * included. The pool then discards the connection. Nothing is left half
 * written: MariaDB rolls back an open transaction when it finds the
 * connection gone. A statement MariaDB had already received may still be
 * applied when it resumes, which matters only for COMMIT and statements
 * outside a transaction: the caller was told 503 about a write that happened
 * (a kiosk's retry then gets 409 already_checked_in).
 */
function mysql2ClientWithQueryTimeout(queryMs: number): typeof Knex.Client {
  const closedByTimeout = new WeakSet<RawConnection>();
  return class extends Client_MySQL2 {
    override _query(connection: RawConnection, query: unknown): Promise<unknown> {
      if (closedByTimeout.has(connection))
        return Promise.reject(
          new DatabaseTimeoutError(
            `Not sent: MariaDB left an earlier statement on this connection unanswered for ${queryMs} ms`,
          ),
        );
      const answered = super._query(connection, query);
      let timer: NodeJS.Timeout | undefined;
      const unanswered = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          closedByTimeout.add(connection);
          // destroy() only half-closes the socket and waits for the server; the socket itself must go now.
          connection.destroy();
          connection.stream.destroy();
          reject(new DatabaseTimeoutError(`MariaDB did not answer within ${queryMs} ms`));
        }, queryMs);
      });
      return Promise.race([answered, unanswered]).finally(() => clearTimeout(timer));
    }
  };
}

/**
 * All DATETIMEs are UTC: the session time zone is pinned and mysql2 reads and
 * writes Dates as UTC. DATE columns stay strings — an org-local calendar day
 * must never be shifted by a time zone.
 *
 * Processes that answer requests pass `timeouts`, so a stalled database
 * answers 503 instead of hanging the caller; without them a statement may
 * run as long as it needs (a migration's ALTER TABLE).
 */
export function createDb(databaseUrl: string, poolMax = 10, timeouts?: DbTimeouts): Db {
  const parts = parseDatabaseUrl(databaseUrl);
  return knexFactory({
    client: timeouts ? mysql2ClientWithQueryTimeout(timeouts.queryMs) : 'mysql2',
    // mysql2 accepts a list of column types for dateStrings; knex's typings only know the boolean form.
    connection: {
      ...parts,
      timezone: 'Z',
      dateStrings: ['DATE'] as unknown as boolean,
      supportBigNumbers: true,
      charset: 'utf8mb4',
    },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (
        conn: { query: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        conn.query("SET time_zone = '+00:00'", (err) => done(err, conn));
      },
    },
    acquireConnectionTimeout: timeouts?.acquireMs ?? ACQUIRE_WITHOUT_BOUNDS_MS,
  });
}

export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const { database, ...server } = parseDatabaseUrl(databaseUrl);
  const conn = await mysql.createConnection({ ...server, connectTimeout: 5000 });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database, ...server } = parseDatabaseUrl(databaseUrl);
  const conn = await mysql.createConnection(server);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database.replace(/`/g, '')}\``);
  } finally {
    await conn.end();
  }
}

export function isDuplicateKey(error: unknown): error is { code: string; sqlMessage?: string } {
  return (error as { code?: string })?.code === 'ER_DUP_ENTRY';
}
