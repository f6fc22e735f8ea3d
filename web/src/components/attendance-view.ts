import { duration, hourMinute, shortDate } from '../lib/format';
import { ATTENDANCE_STATUS, attendanceBadge, sourceLabel } from '../lib/labels';
import type { Attendance } from '../types';

/** How an attendance row reads on screen; shared by Hari Ini, Riwayat and the employee page. */
export const attendanceView = {
  dateLabel: (row: Attendance) => shortDate(row.date),
  statusLabel: (row: Attendance) => ATTENDANCE_STATUS[row.status],
  statusClass: (row: Attendance) => attendanceBadge(row.status),
  checkIn: (row: Attendance) => hourMinute(row.jam_masuk),
  checkOut: (row: Attendance) => hourMinute(row.jam_pulang),
  duration: (row: Attendance) => duration(row.duration_minutes),
  source: (row: Attendance) => sourceLabel(row),
};
