import type { Knex } from 'knex';
import { timestamps } from '../server/db/schema-helpers';

/** Named work schedules, one per employee (none: the org default from config); late and early minutes as judged at the time. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('schedules', (table) => {
    table.increments('id').unsigned().primary();
    table.string('name', 120).notNullable().unique();
    table.time('work_start').notNullable();
    table.time('work_end').notNullable();
    table.integer('late_tolerance_minutes').unsigned().notNullable();
    // Weekday names, comma-separated, as WORK_DAYS takes them.
    table.string('work_days', 40).notNullable();
    table.boolean('crosses_midnight').notNullable().defaultTo(false);
    timestamps(table, knex);
  });
  await knex.schema.alterTable('users', (table) => {
    table.integer('schedule_id').unsigned().nullable().references('id').inTable('schedules').onDelete('RESTRICT');
  });
  // Judged once, by the schedule in force at the check-in and the check-out: a later schedule change rewrites no past day.
  await knex.schema.alterTable('attendances', (table) => {
    table.integer('late_minutes').unsigned().notNullable().defaultTo(0);
    table.integer('early_leave_minutes').unsigned().nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attendances', (table) => {
    table.dropColumn('late_minutes');
    table.dropColumn('early_leave_minutes');
  });
  await knex.schema.alterTable('users', (table) => {
    table.dropForeign(['schedule_id']);
    table.dropColumn('schedule_id');
  });
  await knex.schema.dropTable('schedules');
}
