import type { Knex } from 'knex';
import { DEVICE_STATUSES, STATUS_SOURCES, timestamps } from '../server/db/schema-helpers';
import { DEFAULT_THRESHOLDS } from '../server/devices/thresholds';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('devices', (table) => {
    table.increments('id').unsigned().primary();
    table.string('name', 120).notNullable();
    table.string('location', 190).nullable();
    // NULL once the device is deleted, so a revoked token can never match again.
    table.string('token_hash', 64).nullable().unique();
    table.enum('status', DEVICE_STATUSES).notNullable().defaultTo('disconnected');
    table.enum('previous_status', DEVICE_STATUSES).nullable();
    table.datetime('last_heartbeat_at', { precision: 3 }).nullable();
    table.enum('last_heartbeat_source', ['device', 'external_service', 'system']).nullable();
    table.string('last_seen_ip', 45).nullable();
    table
      .integer('heartbeat_interval_seconds')
      .unsigned()
      .notNullable()
      .defaultTo(DEFAULT_THRESHOLDS.heartbeat_interval_seconds);
    table.integer('offline_after_seconds').unsigned().notNullable().defaultTo(DEFAULT_THRESHOLDS.offline_after_seconds);
    table
      .integer('disconnect_after_seconds')
      .unsigned()
      .notNullable()
      .defaultTo(DEFAULT_THRESHOLDS.disconnect_after_seconds);
    table.datetime('last_status_change_at', { precision: 3 }).nullable();
    table.string('status_change_reason', 64).nullable();
    table.enum('status_change_source', STATUS_SOURCES).nullable();
    table.boolean('should_reconnect').notNullable().defaultTo(false);
    table.integer('reconnect_delay_seconds').unsigned().nullable();
    table.datetime('reconnect_requested_at', { precision: 3 }).nullable();
    table.boolean('remote_control_enabled').notNullable().defaultTo(false);
    table.datetime('last_ping_at', { precision: 3 }).nullable();
    table.boolean('last_ping_ok').nullable();
    table.tinyint('battery_level').unsigned().nullable();
    table.smallint('wifi_strength').nullable();
    table.string('app_version', 64).nullable();
    table.integer('version').unsigned().notNullable().defaultTo(1);
    // Soft delete: attendances keep pointing at the kiosk that recorded them.
    table.datetime('deleted_at', { precision: 3 }).nullable();
    timestamps(table, knex);
    table.index(['status', 'last_heartbeat_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('devices');
}
