import { randomBytes } from 'node:crypto';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis-keys';
import { type Config, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, loadConfig } from '../../server/config';
import { createDatabaseIfMissing, createDb, type Db, dropDatabase, parseDatabaseUrl } from '../../server/db/knex';
import { migrateLatest } from '../../server/db/migrate';

export interface TestEnvironment {
  id: string;
  env: Record<string, string>;
  config: Config;
  db: Db;
  cleanup(): Promise<void>;
}

const serverUrl = () => {
  const { host, port, user, password } = parseDatabaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  return `mysql://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@${host}:${port}`;
};

/**
 * Each test file gets its own database (absensi_test_<id>) and Redis key
 * prefix on the real MariaDB and Redis, and removes both when done.
 */
export async function createTestEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: `${serverUrl()}/absensi_test_${id}`,
    REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    REDIS_PREFIX: `absensi_test_${id}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PIN_PEPPER: randomBytes(32).toString('hex'),
    SERVICE_TOKEN: randomBytes(32).toString('hex'),
    ALERT_SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...overrides,
  };
  const config = loadConfig(env);
  await createDatabaseIfMissing(config.databaseUrl);
  const db = createDb(config.databaseUrl, 5);
  await migrateLatest(db);
  return {
    id,
    env,
    config,
    db,
    async cleanup() {
      await db.destroy();
      await dropDatabase(config.databaseUrl);
      await deleteKeysWithPrefix(config.redisUrl, config.redisPrefix);
    },
  };
}
