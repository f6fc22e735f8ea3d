// knex's own mysql2 dialect, which knex's typings do not describe: server/db/knex.ts extends it.
declare module 'knex/lib/dialects/mysql2/index.js' {
  import type { Knex } from 'knex';

  export default class Client_MySQL2 extends Knex.Client {
    /** Runs one statement on the connection; every query, BEGIN, COMMIT and ROLLBACK of a transaction included, goes through it. */
    _query(connection: unknown, query: unknown): Promise<unknown>;
  }
}
