/** Demo data for development and evaluation only; the seed refuses to run in production. */
export const DEMO_ADMIN = {
  employee_code: 'ADM001',
  name: 'Admin Kantor',
  email: 'admin@example.com',
  password: 'admin12345',
  role: 'admin' as const,
};

export const DEMO_PIN = '1234';
export const DEMO_EMPLOYEE_PASSWORD = 'pegawai123';

export const DEMO_EMPLOYEE_NAMES = [
  'Budi Santoso',
  'Siti Rahayu',
  'Agus Wijaya',
  'Dewi Lestari',
  'Eko Prasetyo',
  'Rina Marlina',
  'Joko Susilo',
  'Maya Sari',
  'Andi Saputra',
  'Putri Ayu',
];

/** Fixed demo tokens so the README's curl examples work as written on a fresh `npm start`. */
export const DEMO_DEVICES = [
  { name: 'Kiosk Lobi Utama', location: 'Lantai 1, lobi', token: 'demo-kiosk-lobi-utama-token' },
  { name: 'Kiosk Gudang', location: 'Gudang belakang', token: 'demo-kiosk-gudang-token' },
  { name: 'Kiosk Lantai 3', location: 'Lantai 3, pantry', token: 'demo-kiosk-lantai-3-token' },
];

/**
 * Indonesia's 2026 public holidays and collective leave (cuti bersama), as the
 * joint ministerial decree (SKB 3 Menteri) set them. Demo data: an office
 * checks the year's decree and imports its own list (POST /api/admin/holidays/import).
 */
export const DEMO_HOLIDAYS_2026 = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'national' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-02-16', name: 'Cuti Bersama Tahun Baru Imlek', kind: 'cuti_bersama' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'national' },
  { date: '2026-03-18', name: 'Cuti Bersama Hari Suci Nyepi', kind: 'cuti_bersama' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi Tahun Baru Saka 1948', kind: 'national' },
  { date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 H', kind: 'national' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 H', kind: 'national' },
  { date: '2026-03-23', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
  { date: '2026-03-24', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'national' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'national' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'national' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'national' },
  { date: '2026-05-15', name: 'Cuti Bersama Kenaikan Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2026-05-27', name: 'Idul Adha 1447 H', kind: 'national' },
  { date: '2026-05-28', name: 'Cuti Bersama Idul Adha 1447 H', kind: 'cuti_bersama' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'national' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'national' },
  { date: '2026-06-16', name: 'Tahun Baru Islam 1448 H', kind: 'national' },
  { date: '2026-08-17', name: 'Hari Kemerdekaan Republik Indonesia', kind: 'national' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-12-24', name: 'Cuti Bersama Hari Raya Natal', kind: 'cuti_bersama' },
  { date: '2026-12-25', name: 'Hari Raya Natal', kind: 'national' },
] as const;
