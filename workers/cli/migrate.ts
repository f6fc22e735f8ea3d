import { parseArgs } from 'node:util';
import { createDatabaseIfMissing, parseDatabaseUrl } from '../../server/db/knex';
import { migrateLatest, migrateRollback } from '../../server/db/migrate';
import { runCli } from './run-cli';

/** `npm run migrate` (creates the database when missing) · `npm run migrate:rollback [-- --all]`. */
const { values } = parseArgs({
  options: { rollback: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
});

await runCli(async (config, db) => {
  const { database, host, port } = parseDatabaseUrl(config.databaseUrl);
  if (values.rollback) {
    const reverted = await migrateRollback(db, values.all);
    console.log(
      reverted.length
        ? `Rolled back ${reverted.length} migration(s) on ${database}: ${reverted.join(', ')}`
        : 'Nothing to roll back',
    );
    return;
  }
  await createDatabaseIfMissing(config.databaseUrl);
  const applied = await migrateLatest(db);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${database} on ${host}:${port}`
      : `Database ${database} is up to date`,
  );
});
