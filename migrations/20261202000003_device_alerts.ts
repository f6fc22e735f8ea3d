import type { Knex } from 'knex';
import { ALERT_KINDS, CHANNEL_KINDS, DELIVERY_OUTCOMES } from '../server/alerts/types';
import { timestamps } from '../server/db/schema-helpers';

/** Alert channels and every delivery attempt; device maintenance windows, which silence alerts. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alert_channels', (table) => {
    table.increments('id').unsigned().primary();
    table.enum('kind', CHANNEL_KINDS).notNullable();
    table.string('name', 120).notNullable();
    table.json('target').notNullable();
    table.text('secret_ciphertext').nullable();
    table.boolean('device_alerts').notNullable().defaultTo(true);
    table.boolean('digest').notNullable().defaultTo(false);
    table.boolean('enabled').notNullable().defaultTo(true);
    table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    timestamps(table, knex);
  });

  await knex.schema.createTable('alert_deliveries', (table) => {
    table.bigIncrements('id').unsigned().primary();
    // One message to one channel: every attempt at it shares the key, and a `sent` row ends its retries.
    table.string('job_key', 120).notNullable();
    table.integer('channel_id').unsigned().notNullable().references('id').inTable('alert_channels').onDelete('CASCADE');
    table.enum('kind', ALERT_KINDS).notNullable();
    table.string('event_id', 80).notNullable();
    table.integer('device_id').unsigned().nullable().references('id').inTable('devices').onDelete('SET NULL');
    table.smallint('attempt').unsigned().notNullable();
    table.enum('outcome', DELIVERY_OUTCOMES).notNullable();
    table.string('detail', 500).nullable();
    table.string('text', 2000).notNullable();
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.index(['job_key', 'outcome']);
    table.index(['channel_id', 'id']);
  });

  await knex.schema.alterTable('devices', (table) => {
    table.datetime('maintenance_until', { precision: 3 }).nullable();
  });

  // Kept after they end: availability leaves maintenance out of the time a device should have been connected.
  await knex.schema.createTable('device_maintenance', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('device_id').unsigned().notNullable().references('id').inTable('devices').onDelete('CASCADE');
    table.datetime('starts_at', { precision: 3 }).notNullable();
    table.datetime('ends_at', { precision: 3 }).notNullable();
    table.integer('set_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    table.index(['device_id', 'ends_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('device_maintenance');
  await knex.schema.alterTable('devices', (table) => table.dropColumn('maintenance_until'));
  await knex.schema.dropTable('alert_deliveries');
  await knex.schema.dropTable('alert_channels');
}
