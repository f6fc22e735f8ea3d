import type { Knex } from 'knex';
import { DEVICE_STATUSES, STATUS_SOURCES } from '../server/db/schema-helpers';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('device_status_events', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('device_id').unsigned().notNullable().references('id').inTable('devices').onDelete('CASCADE');
    table.enum('from_status', DEVICE_STATUSES).nullable();
    table.enum('to_status', DEVICE_STATUSES).notNullable();
    table.string('reason', 64).notNullable();
    table.enum('source', STATUS_SOURCES).notNullable();
    table.datetime('occurred_at', { precision: 3 }).notNullable();
    table.index(['device_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('device_status_events');
}
