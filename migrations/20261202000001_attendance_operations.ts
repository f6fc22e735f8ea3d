import type { Knex } from 'knex';
import { ABSENCE_KINDS } from '../server/absences/types';
import { HOLIDAY_KINDS } from '../server/calendar/types';
import { attendanceReference, timestamps } from '../server/db/schema-helpers';

/** The working calendar, absences, admin corrections with their audit trail, and correction requests. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('holidays', (table) => {
    table.increments('id').unsigned().primary();
    table.date('date').notNullable().unique();
    table.string('name', 120).notNullable();
    table.enum('kind', HOLIDAY_KINDS).notNullable();
    timestamps(table, knex);
  });

  await knex.schema.createTable('absences', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('RESTRICT');
    table.date('date_from').notNullable();
    table.date('date_to').notNullable();
    table.enum('kind', ABSENCE_KINDS).notNullable();
    table.string('note', 500).nullable();
    table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    table.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(table, knex);
    table.index(['user_id', 'date_from']);
    table.index(['date_from', 'date_to']);
  });

  await knex.schema.alterTable('attendances', (table) => {
    table.enum('source', ['web', 'kiosk', 'admin']).notNullable().alter();
    // Set by the scheduler once the org-local day is over; a correction that sets jam_pulang clears it.
    table.boolean('missing_check_out').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('attendance_audit', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table
      .bigInteger('attendance_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('attendances')
      .onDelete('CASCADE');
    table.integer('actor_id').unsigned().notNullable().references('id').inTable('users').onDelete('RESTRICT');
    table.datetime('at', { precision: 3 }).notNullable();
    table.string('reason', 500).notNullable();
    table.json('before').nullable();
    table.json('after').notNullable();
    table.index(['attendance_id', 'id']);
  });

  await knex.schema.createTable('corrections', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('RESTRICT');
    table.date('date').notNullable();
    table.time('jam_masuk').nullable();
    table.time('jam_pulang').nullable();
    table.string('reason', 500).notNullable();
    table.enum('status', ['pending', 'approved', 'rejected']).notNullable().defaultTo('pending');
    table.integer('decided_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    table.datetime('decided_at', { precision: 3 }).nullable();
    table.string('decision_reason', 500).nullable();
    attendanceReference(table);
    table.integer('version').unsigned().notNullable().defaultTo(1);
    timestamps(table, knex);
    table.index(['status', 'id']);
    table.index(['user_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('corrections');
  await knex.schema.dropTable('attendance_audit');
  await knex.schema.alterTable('attendances', (table) => {
    table.dropColumn('missing_check_out');
  });
  await knex('attendances').where({ source: 'admin' }).update({ source: 'web' });
  await knex.schema.alterTable('attendances', (table) => {
    table.enum('source', ['web', 'kiosk']).notNullable().alter();
  });
  await knex.schema.dropTable('absences');
  await knex.schema.dropTable('holidays');
}
