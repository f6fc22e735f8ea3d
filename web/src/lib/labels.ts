import type { Attendance, AttendanceStatus, DeviceStatus } from '../types';

// The words the users see for the API's codes.

export const ATTENDANCE_STATUS: Record<AttendanceStatus, string> = { present: 'Hadir', late: 'Terlambat' };

export const DEVICE_STATUS: Record<DeviceStatus, string> = {
  connected: 'Terhubung',
  temporarily_offline: 'Offline Sementara',
  disconnected: 'Terputus',
};

export const HEARTBEAT_SOURCE: Record<string, string> = {
  device: 'Perangkat',
  external_service: 'Layanan ping',
  system: 'Sistem',
};

export const attendanceBadge = (status: AttendanceStatus) => `badge badge--${status}`;

export const deviceBadge = (status: DeviceStatus) => `badge badge--${status}`;

/** "Kiosk Lobi Utama" or "Web". */
export const sourceLabel = (row: Attendance) => (row.source === 'kiosk' ? (row.device?.name ?? 'Kiosk') : 'Web');

const REASONS: Record<string, string> = {
  heartbeat_received: 'Heartbeat diterima',
  heartbeat_missed: 'Heartbeat terlewat',
  heartbeat_lost: 'Heartbeat hilang',
  ping_failed: 'Ping gagal',
  reconnect_requested: 'Sambung ulang diminta',
  reconnect_delivered: 'Sambung ulang diterima perangkat',
};

/** The server's reason codes, readable; an unknown one still reads ("a_b" → "a b"). */
export const reasonLabel = (reason: string | null) => (reason ? (REASONS[reason] ?? reason.replace(/_/g, ' ')) : '—');
