import { employeeOf } from '../users/types';
import { orgClockTime } from './org-time';
import type { AttendanceJson, AttendanceView } from './types';

export function toAttendanceJson(row: AttendanceView, timezone: string): AttendanceJson {
  return {
    id: Number(row.id),
    user: employeeOf(row),
    date: row.date,
    jam_masuk: orgClockTime(row.check_in_at, timezone),
    jam_pulang: row.check_out_at ? orgClockTime(row.check_out_at, timezone) : null,
    check_in_at: row.check_in_at.toISOString(),
    check_out_at: row.check_out_at?.toISOString() ?? null,
    status: row.status,
    duration_minutes: row.duration_minutes,
    device: row.device_id !== null && row.device_name !== null ? { id: row.device_id, name: row.device_name } : null,
    source: row.source,
    version: row.version,
    missing_check_out: Boolean(row.missing_check_out),
    late_minutes: row.late_minutes,
    early_leave_minutes: row.early_leave_minutes,
  };
}
