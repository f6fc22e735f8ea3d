import type { Knex } from 'knex';

/** DATETIME(3) in UTC (the session time zone is pinned to +00:00), written by the database on insert. */
export function timestamps(table: Knex.CreateTableBuilder, knex: Knex): void {
  table.datetime('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
  table.datetime('updated_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
}

/** A row that may name the attendance it made or changed; the row outlives a deleted attendance. */
export function attendanceReference(table: Knex.CreateTableBuilder): void {
  table.bigInteger('attendance_id').unsigned().nullable().references('id').inTable('attendances').onDelete('SET NULL');
}

export const DEVICE_STATUSES = ['connected', 'temporarily_offline', 'disconnected'] as const;
export const STATUS_SOURCES = ['device', 'external_service', 'system', 'admin'] as const;
