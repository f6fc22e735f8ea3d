import type { Knex } from 'knex';
import { timestamps } from '../server/db/schema-helpers';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.increments('id').unsigned().primary();
    table.string('employee_code', 32).notNullable().unique();
    table.string('name', 120).notNullable();
    table.string('email', 190).nullable().unique();
    table.enum('role', ['admin', 'employee']).notNullable().defaultTo('employee');
    table.string('password_hash', 255).nullable();
    table.string('pin_hash', 64).nullable();
    table.boolean('active').notNullable().defaultTo(true);
    timestamps(table, knex);
    table.index(['active', 'role']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
