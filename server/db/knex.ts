import knexFactory, { type Knex } from 'knex';
import mysql from 'mysql2/promise';

export type Db = Knex;
export type Trx = Knex.Transaction;

export interface ConnectionParts {
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

/**
 * All DATETIMEs are UTC: the session time zone is pinned and mysql2 reads and
 * writes Dates as UTC. DATE columns stay strings — an org-local calendar day
 * must never be shifted by a time zone.
 */
export function createDb(databaseUrl: string, poolMax = 10): Db {
  const parts = parseDatabaseUrl(databaseUrl);
  return knexFactory({
    client: 'mysql2',
    // mysql2 accepts a list of column types for dateStrings; knex's typings only know the boolean form.
    connection: { ...parts, timezone: 'Z', dateStrings: ['DATE'] as unknown as boolean, supportBigNumbers: true, charset: 'utf8mb4' },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.query("SET time_zone = '+00:00'", (err) => done(err, conn));
      },
    },
    acquireConnectionTimeout: 5000,
  });
}

export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const { database, ...server } = parseDatabaseUrl(databaseUrl);
  const conn = await mysql.createConnection({ ...server, connectTimeout: 5000 });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
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
