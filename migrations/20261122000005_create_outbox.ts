import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.string('type', 64).notNullable();
    table.json('payload').notNullable();
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('published_at', { precision: 3 }).nullable();
    // The relay looks for unpublished rows older than a few seconds; pruning walks by age.
    table.index(['published_at', 'created_at']);
    table.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
}
