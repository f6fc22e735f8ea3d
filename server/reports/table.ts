import type { MonthlyRecap, RecapTotals } from './monthly';

/** The totals' columns in the order and with the Indonesian headers payroll expects. */
const TOTAL_COLUMNS: [keyof RecapTotals, string][] = [
  ['hadir', 'Hadir'],
  ['terlambat', 'Terlambat'],
  ['terlambat_menit', 'Menit Terlambat'],
  ['pulang_cepat', 'Pulang Cepat'],
  ['pulang_cepat_menit', 'Menit Pulang Cepat'],
  ['izin', 'Izin'],
  ['sakit', 'Sakit'],
  ['cuti', 'Cuti'],
  ['dinas_luar', 'Dinas Luar'],
  ['wfh', 'WFH'],
  ['alpa', 'Alpa'],
  ['libur', 'Libur'],
  ['jam_kerja', 'Jam Kerja'],
];

/** The one table the CSV and the XLSX are both made of: header, a row per employee, the totals row. */
export function recapTable(recap: MonthlyRecap): {
  header: string[];
  rows: (string | number)[][];
  totals: (string | number)[];
} {
  const header = [
    'Kode',
    'Nama',
    'Jadwal',
    ...recap.days.map((day) => String(Number(day.slice(8)))),
    ...TOTAL_COLUMNS.map(([, title]) => title),
  ];
  const rows = recap.rows.map((row) => [
    row.user.employee_code,
    row.user.name,
    row.schedule.name,
    ...row.codes,
    ...TOTAL_COLUMNS.map(([key]) => row.totals[key]),
  ]);
  const totals = ['', 'Jumlah', '', ...recap.days.map(() => ''), ...TOTAL_COLUMNS.map(([key]) => recap.totals[key])];
  return { header, rows, totals };
}
