import { type AppSecret, type Config, ConfigError, loadConfigFromEnvironment } from '../../server/config';
import { createDb, type Db } from '../../server/db/knex';
import { AppError } from '../../server/errors';

/**
 * Runs a one-shot command with a database handle and turns failures into one
 * readable line: an operator at a terminal needs the cause, not a stack.
 * `requires`: the app secrets the command reads (the migration and the
 * first admin read none, so the migration container gets none).
 */
export async function runCli(
  work: (config: Config, db: Db) => Promise<void>,
  requires: readonly AppSecret[] = [],
): Promise<void> {
  let db: Db | undefined;
  try {
    const config = loadConfigFromEnvironment(requires);
    db = createDb(config.databaseUrl, 2);
    await work(config, db);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else {
      const { code, message } = error as { code?: string; message?: string };
      console.error(`Failed: ${message ?? String(error)}${code ? ` (${code})` : ''}`);
      if (error instanceof AppError && error.details) console.error(JSON.stringify(error.details, null, 2));
    }
    process.exitCode = 1;
  } finally {
    await db?.destroy();
  }
}
