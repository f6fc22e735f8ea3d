import type { z } from 'zod';
import type { attendanceJson, auditEntryJson } from './schemas';

export const ATTENDANCE_STATUSES = ['present', 'late'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_SOURCES = ['web', 'kiosk', 'admin'] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

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

export type AttendanceJson = z.output<typeof attendanceJson>;
export type AuditEntryJson = z.output<typeof auditEntryJson>;
