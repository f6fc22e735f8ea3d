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
