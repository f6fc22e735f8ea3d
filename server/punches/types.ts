import type { AttendanceJson } from '../attendance/types';
import { personOrNull } from '../users/types';

export type PunchKind = 'in' | 'out';

/** One entry as a kiosk stored it while offline (or a fingerprint machine read it). */
export interface PunchEntry {
  client_id: string;
  employee_code: string;
  pin: string;
  kind: PunchKind;
  at: Date;
}

/** What became of an entry, as kept in kiosk_punches: applied, or rejected with the code it got. */
export interface PunchRecord {
  client_id: string;
  result: 'applied' | 'rejected';
  code: string | null;
  attendance_id: number | string | null;
}

export interface PunchRow extends PunchRecord {
  id: number | string;
  device_id: number;
  employee_code: string;
  kind: PunchKind;
  at: Date;
  received_at: Date;
  user_id: number | null;
  user_name: string | null;
}

/**
 * The answer for one entry, in the order sent. A duplicate (the entry was
 * received before, by this device) says what the first one became, so a kiosk
 * that lost the first answer still learns of a wrong PIN.
 */
export type PunchAnswer =
  | { client_id: string; result: 'applied'; attendance: AttendanceJson }
  | { client_id: string; result: 'rejected'; code: string; retry_after_seconds?: number }
  | {
      client_id: string;
      result: 'duplicate';
      original: PunchRecord['result'];
      code?: string;
      attendance_id?: number;
    };

export const duplicateOf = (earlier: PunchRecord): PunchAnswer => ({
  client_id: earlier.client_id,
  result: 'duplicate',
  original: earlier.result,
  ...(earlier.code === null ? {} : { code: earlier.code }),
  ...(earlier.attendance_id === null ? {} : { attendance_id: Number(earlier.attendance_id) }),
});

/** A received entry as the admin reads it in the device's detail. */
export const toPunchJson = (row: PunchRow) => ({
  id: Number(row.id),
  client_id: row.client_id,
  employee_code: row.employee_code,
  employee: personOrNull(row.user_id, row.user_name),
  kind: row.kind,
  at: row.at.toISOString(),
  result: row.result,
  code: row.code,
  attendance_id: row.attendance_id === null ? null : Number(row.attendance_id),
  received_at: row.received_at.toISOString(),
});

export type PunchJson = ReturnType<typeof toPunchJson>;
