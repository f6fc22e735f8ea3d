import type { Db, Trx } from '../db/knex';
import type { AttendanceJson, AuditEntryJson } from './types';

interface AuditRow {
  id: number | string;
  attendance_id: number | string;
  actor_id: number;
  actor_name: string;
  at: Date;
  reason: string;
  before: unknown;
  after: unknown;
}

// MySQL 8 returns JSON columns parsed, MariaDB (JSON = LONGTEXT) returns the text.
const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

export async function insertAuditEntry(
  trx: Trx,
  entry: {
    attendance_id: number;
    actor_id: number;
    at: Date;
    reason: string;
    before: AttendanceJson | null;
    after: AttendanceJson;
  },
): Promise<void> {
  await trx('attendance_audit').insert({
    ...entry,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: JSON.stringify(entry.after),
  });
}

export async function listAuditEntries(db: Db, attendanceId: number): Promise<AuditEntryJson[]> {
  const rows: AuditRow[] = await db('attendance_audit as au')
    .join('users as u', 'u.id', 'au.actor_id')
    .where('au.attendance_id', attendanceId)
    .orderBy('au.id')
    .select(
      'au.id',
      'au.attendance_id',
      'au.actor_id',
      'u.name as actor_name',
      'au.at',
      'au.reason',
      'au.before',
      'au.after',
    );
  return rows.map((row) => ({
    id: Number(row.id),
    attendance_id: Number(row.attendance_id),
    actor: { id: row.actor_id, name: row.actor_name },
    at: row.at.toISOString(),
    reason: row.reason,
    before: json(row.before),
    after: json(row.after),
  }));
}
