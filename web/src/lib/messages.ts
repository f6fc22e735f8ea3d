import { ApiError } from './api';

// What a person should read for each error code the API can return.
const MESSAGES: Record<string, string> = {
  network_error: 'Tidak dapat menghubungi server. Periksa jaringan, lalu coba lagi.',
  service_unavailable: 'Server sedang tidak tersedia. Coba lagi sebentar lagi.',
  database_unavailable: 'Server sedang tidak tersedia. Coba lagi sebentar lagi.',
  invalid_credentials: 'Email atau kata sandi salah.',
  account_inactive: 'Akun ini dinonaktifkan. Hubungi admin.',
  unauthorized: 'Sesi Anda telah berakhir. Silakan masuk lagi.',
  forbidden: 'Akun Anda tidak boleh melakukan ini.',
  forbidden_origin: 'Permintaan ditolak karena berasal dari situs lain.',
  already_checked_in: 'Anda sudah absen masuk hari ini.',
  not_checked_in: 'Anda belum absen masuk hari ini, jadi belum bisa absen pulang.',
  already_checked_out: 'Anda sudah absen pulang hari ini.',
  check_out_before_check_in: 'Jam pulang tidak boleh sebelum jam masuk.',
  clock_skew:
    'Jam kiosk ini tidak cocok dengan jam server. Perbaiki jam perangkat; absen yang tertunda tetap disimpan.',
  invalid_pin: 'Kode pegawai atau PIN salah.',
  invalid_device_token: 'Token perangkat tidak berlaku. Minta token baru ke admin.',
  employee_code_taken: 'Kode pegawai ini sudah dipakai.',
  email_taken: 'Email ini sudah dipakai akun lain.',
  cannot_lock_yourself_out: 'Anda tidak bisa menonaktifkan atau menurunkan peran akun Anda sendiri.',
  validation_failed: 'Periksa kembali isian yang ditandai.',
  not_found: 'Data tidak ditemukan (mungkin sudah dihapus).',
  payload_too_large: 'Data yang dikirim terlalu besar.',
  holiday_exists: 'Tanggal ini sudah tercatat sebagai hari libur.',
  absence_overlaps:
    'Pegawai ini sudah punya izin, sakit, cuti, dinas luar atau WFH yang bertumpuk dengan tanggal tersebut. Hapus atau ubah yang lama dulu.',
  attendance_exists: 'Pegawai ini sudah punya absensi pada tanggal tersebut. Ubah absensi itu di Riwayat.',
  correction_decided: 'Pengajuan ini sudah diputuskan (mungkin oleh admin lain). Daftar dimuat ulang.',
  nothing_to_correct:
    'Pada tanggal itu pegawai ini belum punya absensi, jadi jam pulang saja tidak bisa dicatat. Tolak pengajuan ini dan minta pegawai mengajukan lagi dengan jam masuk.',
};

function waitText(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} menit` : `${seconds} detik`;
}

/** One sentence in Indonesian for any failure, with the wait time when the server gave one. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Terjadi kesalahan tak terduga. Muat ulang halaman.';
  if (error.code === 'too_many_attempts' || error.status === 429) {
    return error.retryAfter
      ? `Terlalu banyak percobaan. Coba lagi dalam ${waitText(error.retryAfter)}.`
      : 'Terlalu banyak percobaan. Coba lagi nanti.';
  }
  if (MESSAGES[error.code]) return MESSAGES[error.code];
  if (error.status === 403) return MESSAGES.forbidden;
  if (error.status === 404) return MESSAGES.not_found;
  if (error.status >= 500) return MESSAGES.service_unavailable;
  return error.message || 'Permintaan ditolak.';
}

// The server's validation messages are English; the common ones, in the users' language.
const FIELD_MESSAGES: [RegExp, string][] = [
  [/^4 to 6 digits$/, 'Harus 4 sampai 6 angka.'],
  [/^at least 8 characters$/, 'Minimal 8 karakter.'],
  [/^letters, digits, _ or -, at most 32$/, 'Hanya huruf, angka, _ atau -, maksimal 32.'],
  [/^Invalid email/i, 'Alamat email tidak valid.'],
  [/^Too small: expected string to have >=1 characters?$/, 'Wajib diisi.'],
  [/^Too small: expected number to be >=(\d+)$/, 'Minimal $1.'],
  [/^Too big: expected number to be <=(\d+)$/, 'Maksimal $1.'],
  [/^Too big: expected string to have <=(\d+) characters$/, 'Maksimal $1 karakter.'],
  [/^Invalid input: expected string, received undefined$/, 'Wajib diisi.'],
  [/^Invalid option: expected one of (.+)$/, 'Pilihan tidak dikenal; yang bisa: $1.'],
  [/^expected YYYY-MM-DD$/, 'Isi tanggal (TTTT-BB-HH).'],
  [/^not a calendar date$/, 'Tanggal ini tidak ada di kalender.'],
  [/^expected HH:MM or HH:MM:SS \(24 h\)$/, 'Isi jam dengan format JJ:MM (24 jam).'],
  [/^must not be in the future$/, 'Tidak boleh di masa depan.'],
  [/^must be after jam_masuk$/, 'Harus setelah jam masuk.'],
  [/^must not be before date_from$/, 'Tidak boleh sebelum tanggal mulai.'],
  [/^give jam_masuk, jam_pulang or both$/, 'Isi jam masuk, jam pulang, atau keduanya.'],
  [/^say why, in a few words$/, 'Tuliskan alasannya, minimal 3 huruf.'],
  [/^only employee accounts have attendances$/, 'Hanya akun pegawai yang punya absensi.'],
  [/^(\d{4}-\d\d-\d\d) is in the list twice$/, 'Tanggal $1 ada dua kali di daftar.'],
  [/^no holidays in the list$/, 'Daftar ini tidak berisi hari libur.'],
  [/^send jam_masuk or jam_pulang$/, 'Ubah jam masuk atau jam pulang.'],
  [/^Invalid URL$/, 'Alamat tidak valid; gunakan http:// atau https://.'],
  [/^at least 16 characters$/, 'Minimal 16 karakter.'],
  [/^expected a bot token like 123456:ABC…$/, 'Token bot seperti 123456:ABC… (dari @BotFather).'],
  [/^a numeric chat id or an @channel name$/, 'Chat id berupa angka (mis. -1001234567890) atau nama @kanal.'],
  [/^Too small: expected array to have >=1 items$/, 'Isi paling sedikit satu.'],
  [/^Too big: expected array to have <=(\d+) items$/, 'Paling banyak $1.'],
  [/^email needs SMTP_URL set on the server$/, 'Email belum bisa dipakai: SMTP_URL belum diatur di server.'],
  [/^must be in the future$/, 'Harus di masa depan.'],
  [/^Invalid ISO datetime$/, 'Isi tanggal dan jam.'],
];

/** A server validation message in Indonesian when it is a common one, else as it came. */
export function translate(message: string): string {
  for (const [pattern, text] of FIELD_MESSAGES) if (pattern.test(message)) return message.replace(pattern, text);
  return message;
}

/** Field path → message, for forms that show validation errors beside their inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const field = detail.path.split('.')[0];
      if (field) fields[field] ??= translate(detail.message);
    }
    if (error.code === 'employee_code_taken') fields.employee_code = MESSAGES.employee_code_taken;
    if (error.code === 'email_taken') fields.email = MESSAGES.email_taken;
    if (error.code === 'holiday_exists' || error.code === 'attendance_exists') fields.date = MESSAGES[error.code];
  }
  return fields;
}

/**
 * The message above a form: what went wrong, or, when fields say it beside
 * them, a pointer to those. A validation problem of no one field is said here.
 */
export function formMessage(error: unknown, fields: Record<string, string>): string {
  if (Object.keys(fields).length > 0) return MESSAGES.validation_failed;
  const general = error instanceof ApiError ? error.details.find((detail) => !detail.path) : undefined;
  return general ? translate(general.message) : errorMessage(error);
}
