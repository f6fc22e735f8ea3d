import { performance } from 'node:perf_hooks';
import { DEFAULT_DATABASE_URL, loadConfig } from '../../server/config';
import { createDatabaseIfMissing, createDb, dropDatabase } from '../../server/db/knex';
import { migrateLatest } from '../../server/db/migrate';
import { toCsv } from '../../server/reports/csv';
import { daysOf } from '../../server/reports/monthly';
import { createReportService } from '../../server/reports/service';
import { recapTable } from '../../server/reports/table';
import { recapWorkbook } from '../../server/reports/xlsx';

/**
 * `npm run bench:recap [-- EMPLOYEES]`: how long the monthly recap takes for
 * a full month of an office (300 employees by default: 21 working days each,
 * some late, some absences, two holidays), as JSON, CSV and XLSX, on a
 * database of its own that it removes afterwards.
 */
const employees = Number(process.argv[2] ?? 300);
const month = '2026-11';
const databaseUrl = `${(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL).replace(/\/[^/]*$/, '')}/absensi_bench_recap`;
const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
await createDatabaseIfMissing(databaseUrl);
const db = createDb(databaseUrl, 4);
try {
  await migrateLatest(db);
  const createdAt = new Date('2026-10-01T00:00:00Z');
  await db.batchInsert(
    'users',
    Array.from({ length: employees }, (_, i) => ({
      employee_code: `R${String(i + 1).padStart(4, '0')}`,
      name: `Pegawai ${i + 1}`,
      role: 'employee',
      created_at: createdAt,
    })),
    500,
  );
  const ids: number[] = await db('users').orderBy('id').pluck('id');
  const workingDays = daysOf(month).filter((day) => ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()));
  const attendances = ids.flatMap((userId, i) =>
    workingDays
      .filter((_, d) => (d + i) % 13 !== 0)
      .map((date) => {
        const late = (i + date.length) % 7 === 0;
        const checkIn = new Date(`${date}T${late ? '08:40' : '07:55'}:00+07:00`);
        const checkOut = new Date(`${date}T17:05:00+07:00`);
        return {
          user_id: userId,
          date,
          check_in_at: checkIn,
          check_out_at: checkOut,
          status: late ? 'late' : 'present',
          late_minutes: late ? 40 : 0,
          early_leave_minutes: 0,
          duration_minutes: Math.round((checkOut.getTime() - checkIn.getTime()) / 60_000),
          source: 'kiosk',
        };
      }),
  );
  await db.batchInsert('attendances', attendances, 1000);
  await db.batchInsert(
    'absences',
    ids
      .filter((_, i) => i % 10 === 0)
      .map((userId) => ({ user_id: userId, date_from: '2026-11-16', date_to: '2026-11-18', kind: 'sakit' })),
    500,
  );
  await db('holidays').insert([{ date: '2026-11-20', name: 'Libur Kantor', kind: 'company' }]);

  const reports = createReportService({ db, clock: () => new Date('2026-12-02T03:00:00Z'), config });
  const time = async (what: string, work: () => Promise<unknown>, runs = 5) => {
    const ms: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await work();
      ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    console.log(
      `${what.padEnd(34)} median ${ms[Math.floor(runs / 2)]!.toFixed(0)} ms · slowest ${ms.at(-1)!.toFixed(0)} ms`,
    );
  };
  console.log(
    `Monthly recap of ${month}: ${employees} employees, ${attendances.length} attendances (5 runs each, after one warm-up)`,
  );
  await reports.monthly(month);
  await time('the table (JSON, five reads)', () => reports.monthly(month));
  await time('as CSV', async () => {
    const { header, rows, totals } = recapTable(await reports.monthly(month));
    toCsv(header, [...rows, totals]);
  });
  await time('as XLSX', async () => recapWorkbook(await reports.monthly(month)));
} finally {
  await db.destroy();
  await dropDatabase(databaseUrl);
}
