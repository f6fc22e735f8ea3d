export type AttendanceStatus = 'present' | 'late';
export type AttendanceSource = 'web' | 'kiosk' | 'admin';

/** An attendance row joined with the names admins need to read it. */
export interface AttendanceView {
  id: number | string;
  user_id: number;
  user_name: string;
  user_employee_code: string;
  date: string;
  check_in_at: Date;
  check_out_at: Date | null;
  status: AttendanceStatus;
  duration_minutes: number | null;
  device_id: number | null;
  device_name: string | null;
  source: AttendanceSource;
  version: number;
  missing_check_out: number | boolean;
  late_minutes: number;
  early_leave_minutes: number | null;
}

/** The Attendance JSON every client reads: jam_* are org-local wall-clock times, *_at are ISO-8601 UTC. */
export interface AttendanceJson {
  id: number;
  user: { id: number; name: string; employee_code: string };
  date: string;
  jam_masuk: string;
  jam_pulang: string | null;
  check_in_at: string;
  check_out_at: string | null;
  status: AttendanceStatus;
  duration_minutes: number | null;
  device: { id: number; name: string } | null;
  source: AttendanceSource;
  version: number;
  /** The org-local day ended with no check-out; nothing invents one. */
  missing_check_out: boolean;
  /** Minutes after work start, by the schedule in force at the check-in; 0 when on time. */
  late_minutes: number;
  /** Minutes before the shift's end at the check-out (pulang cepat); null while open. */
  early_leave_minutes: number | null;
}

/** One correction of an attendance: who, when, why, and the attendance before (null when created) and after. */
export interface AuditEntryJson {
  id: number;
  attendance_id: number;
  actor: { id: number; name: string };
  at: string;
  reason: string;
  before: AttendanceJson | null;
  after: AttendanceJson;
}
