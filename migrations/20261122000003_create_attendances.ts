import type { Knex } from 'knex';
import { timestamps } from '../server/db/schema-helpers';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attendances', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('RESTRICT');
    table.date('date').notNullable();
    table.datetime('check_in_at', { precision: 3 }).notNullable();
    table.datetime('check_out_at', { precision: 3 }).nullable();
    table.enum('status', ['present', 'late']).notNullable();
    table.integer('duration_minutes').unsigned().nullable();
    table.integer('device_id').unsigned().nullable().references('id').inTable('devices').onDelete('SET NULL');
    table.enum('source', ['web', 'kiosk']).notNullable();
    table.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(table, knex);
    // One attendance per employee per org-local day, enforced where concurrent nodes cannot race it.
    table.unique(['user_id', 'date']);
    table.index(['date', 'check_in_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attendances');
}
