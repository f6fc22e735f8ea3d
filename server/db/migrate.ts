import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { Db } from './knex';

// From a checkout: migrations/*.ts. In the production image the bundled CLI
// sits at dist/workers/cli/, so the same relative path reaches dist/migrations/*.js.
const directory = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * knex records each migration by name. The compiled file keeps its source
 * name (….ts), so a database migrated from a checkout and one migrated by the
 * image agree on what has been applied.
 */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return (await readdir(directory)).filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')).sort();
  },
  getMigrationName: (file) => file.replace(/\.js$/, '.ts'),
  getMigration: (file) => import(pathToFileURL(join(directory, file)).href),
};

const migrationConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = await db.migrate.latest(migrationConfig);
  return applied;
}

export async function migrateRollback(db: Db, all = false): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback(migrationConfig, all);
  return reverted;
}
