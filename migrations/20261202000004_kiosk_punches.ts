import type { Knex } from 'knex';
import { attendanceReference } from '../server/db/schema-helpers';

/**
 * Every entry a kiosk (or a fingerprint-machine bridge) sent to
 * POST /api/kiosk/punches, with what became of it. The unique key makes a
 * replayed entry a duplicate however many nodes receive it at once; an applied
 * entry's row commits with its attendance change. The PIN is never stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kiosk_punches', (table) => {
    table.bigIncrements('id').unsigned().primary();
    table.integer('device_id').unsigned().notNullable().references('id').inTable('devices').onDelete('CASCADE');
    // Compared byte for byte: under the default collation "ABC" and "abc" would be one entry.
    table.string('client_id', 64).notNullable().collate('utf8mb4_bin');
    table.string('employee_code', 32).notNullable();
    table.enum('kind', ['in', 'out']).notNullable();
    // The entry's own time, as the kiosk's clock stamped it.
    table.datetime('at', { precision: 3 }).notNullable();
    table.enum('result', ['applied', 'rejected']).notNullable();
    table.string('code', 64).nullable();
    attendanceReference(table);
    table.datetime('received_at', { precision: 3 }).notNullable();
    table.unique(['device_id', 'client_id']);
    // The admin's list of one device's refused entries, newest first.
    table.index(['device_id', 'result', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kiosk_punches');
}
