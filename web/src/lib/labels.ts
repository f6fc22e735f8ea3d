import type {
  AbsenceKind,
  AlertKind,
  Attendance,
  AttendanceStatus,
  ChannelKind,
  CorrectionStatus,
  DeliveryOutcome,
  DeviceStatus,
  HolidayKind,
} from '../types';

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

/** "Kiosk Lobi Utama", "Web", or "Admin" for a row an admin entered or corrected into being. */
export function sourceLabel(row: Attendance): string {
  if (row.source === 'kiosk') return row.device?.name ?? 'Kiosk';
  return row.source === 'admin' ? 'Admin' : 'Web';
}

export const HOLIDAY_KIND: Record<HolidayKind, string> = {
  national: 'Nasional',
  cuti_bersama: 'Cuti Bersama',
  company: 'Perusahaan',
};

/** In the order the counters and the forms show them. */
export const ABSENCE_KIND: Record<AbsenceKind, string> = {
  izin: 'Izin',
  sakit: 'Sakit',
  cuti: 'Cuti',
  dinas_luar: 'Dinas Luar',
  wfh: 'WFH',
};

export const ABSENCE_KINDS = Object.keys(ABSENCE_KIND) as AbsenceKind[];

export const CORRECTION_STATUS: Record<CorrectionStatus, string> = {
  pending: 'Menunggu',
  approved: 'Disetujui',
  rejected: 'Ditolak',
};

export const holidayBadge = (kind: HolidayKind) => `badge badge--holiday-${kind}`;

export const absenceBadge = (kind: AbsenceKind) => `badge badge--absence-${kind}`;

export const correctionBadge = (status: CorrectionStatus) => `badge badge--correction-${status}`;

export const CHANNEL_KIND: Record<ChannelKind, string> = { webhook: 'Webhook', telegram: 'Telegram', email: 'Email' };

export const ALERT_KIND: Record<AlertKind, string> = {
  down: 'Terputus',
  recovered: 'Terhubung lagi',
  test: 'Uji',
  digest: 'Ringkasan pagi',
};

export const DELIVERY_OUTCOME: Record<DeliveryOutcome, string> = {
  sent: 'Terkirim',
  retrying: 'Dicoba lagi',
  failed: 'Gagal',
};

export const alertBadge = (kind: AlertKind) => `badge badge--alert-${kind}`;

export const deliveryBadge = (outcome: DeliveryOutcome) => `badge badge--delivery-${outcome}`;

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

export const PUNCH_KIND: Record<'in' | 'out', string> = { in: 'Masuk', out: 'Pulang' };

// Why the server refused an entry a kiosk stored offline, as the kiosk and the device detail say it.
const PUNCH_REFUSALS: Record<string, string> = {
  invalid_pin: 'PIN salah',
  forbidden: 'Bukan akun pegawai',
  punch_too_old: 'Terlalu lama tertunda',
  punch_in_future: 'Jam kiosk tidak cocok',
  already_checked_in: 'Sudah absen masuk',
  already_checked_out: 'Sudah absen pulang',
  not_checked_in: 'Belum absen masuk',
  check_out_before_check_in: 'Pulang sebelum jam masuk',
  validation_failed: 'Data tidak valid',
};

export const punchRefusal = (code: string | null) =>
  code ? (PUNCH_REFUSALS[code] ?? code.replace(/_/g, ' ')) : 'Ditolak';
