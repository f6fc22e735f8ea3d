import { fileURLToPath } from 'node:url';
import type { Db } from './knex';

const directory = fileURLToPath(new URL('../../migrations', import.meta.url));

const migrationConfig = { directory, loadExtensions: ['.ts'], tableName: 'knex_migrations' };

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest(migrationConfig);
  return applied;
}

export async function migrateRollback(db: Db, all = false): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback(migrationConfig, all);
  return reverted;
}
