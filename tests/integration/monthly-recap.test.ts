import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createEmployee } from '../support/fixtures';

/**
 * November 2026, counted by hand. It starts on a Sunday: 21 working days
 * (Mon–Fri), 9 weekend days, and a company holiday on Tuesday the 17th.
 */
describe('the monthly recap', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  const clock = createTestClock('2026-12-02T03:00:00.000Z');
  let admin: ApiClient;
  const ids: Record<string, number> = {};

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env, clock);
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    for (const [code, name] of [
      ['REK001', 'Budi Santoso'],
      ['REK002', 'Siti Baru'],
      ['REK003', 'Agus Keluar'],
      ['REK004', 'Dewi Tanpa Jejak'],
      ['REK005', '=1+1'],
    ])
      ids[code] = (await createEmployee(env.db, env.config, code, { name })).id;
    // Siti joined on Monday 16 November; the accounts of the others are older.
    await env
      .db('users')
      .update({ created_at: new Date('2026-10-01T00:00:00Z') })
      .whereNot('employee_code', 'REK002');
    await env
      .db('users')
      .update({ created_at: new Date('2026-11-16T01:00:00Z') })
      .where('employee_code', 'REK002');
    const add = async (code: string, date: string, jamMasuk: string, jamPulang: string) =>
      assert.equal(
        (
          await admin.post('/api/admin/attendances', {
            user_id: ids[code],
            date,
            jam_masuk: jamMasuk,
            jam_pulang: jamPulang,
            reason: 'data rekap',
          })
        ).status,
        201,
      );
    await add('REK001', '2026-11-02', '08:00', '17:00');
    await add('REK001', '2026-11-03', '08:30', '17:00');
    await add('REK001', '2026-11-04', '08:00', '16:00');
    await add('REK001', '2026-11-07', '09:00', '12:00');
    await add('REK001', '2026-11-11', '08:00', '17:00');
    await add('REK003', '2026-11-02', '08:00', '17:00');
    const absence = (code: string, from: string, to: string, kind: string) =>
      admin.post('/api/admin/absences', { user_id: ids[code], date_from: from, date_to: to, kind });
    await absence('REK001', '2026-11-09', '2026-11-10', 'sakit');
    await absence('REK001', '2026-11-11', '2026-11-11', 'cuti');
    await admin.post('/api/admin/holidays', { date: '2026-11-17', name: 'Ulang Tahun Kantor', kind: 'company' });
    for (const code of ['REK003', 'REK004']) await admin.patch(`/api/admin/users/${ids[code]}`, { active: false });
  });

  after(async () => {
    await node.shutdown('test done');
    await env.cleanup();
  });

  const recap = async () => (await admin.get('/api/admin/reports/monthly?month=2026-11')).body.data;
  const rowOf = (data: { rows: { user: { employee_code: string } }[] }, code: string) =>
    data.rows.find((row) => row.user.employee_code === code) as
      | { codes: string[]; totals: Record<string, number> }
      | undefined;

  it('matches the hand count: present, late with minutes, early leave, sick days, holidays and weekends as L, the rest of the working days as A', async () => {
    const budi = rowOf(await recap(), 'REK001')!;
    assert.deepEqual(budi.totals, {
      hadir: 5,
      terlambat: 1,
      terlambat_menit: 30,
      pulang_cepat: 1,
      pulang_cepat_menit: 60,
      izin: 0,
      sakit: 2,
      cuti: 0,
      dinas_luar: 0,
      wfh: 0,
      alpa: 14,
      libur: 9,
      jam_kerja: 37.5,
    });
    assert.deepEqual(budi.codes.slice(0, 17), [
      'L',
      'H',
      'T',
      'H',
      'A',
      'A',
      'H',
      'L',
      'S',
      'S',
      'H',
      'A',
      'A',
      'L',
      'L',
      'A',
      'L',
    ]);
  });

  it('its days present equal what the history gives for the same month, employee by employee', async () => {
    const data = await recap();
    for (const row of data.rows as { user: { id: number }; totals: { hadir: number } }[]) {
      const history = await admin.get(
        `/api/attendances?user_id=${row.user.id}&date_from=2026-11-01&date_to=2026-11-30`,
      );
      assert.equal(row.totals.hadir, history.body.meta.total);
    }
  });

  it('an employee who joined mid-month is not alpa before their first day; a deactivated one keeps the days they worked; one deactivated without any is not listed', async () => {
    const data = await recap();
    const siti = rowOf(data, 'REK002')!;
    assert.deepEqual(siti.codes.slice(0, 16), 'L - - - - - L L - - - - - L L A'.split(' '));
    assert.equal(siti.totals.alpa, 10);
    assert.equal(rowOf(data, 'REK003')!.totals.hadir, 1);
    assert.equal(rowOf(data, 'REK004'), undefined);
  });

  it('the XLSX download is the same table, with Indonesian headers, readable back by a spreadsheet library', async () => {
    const res = await fetch(`${node.url}/api/admin/reports/monthly?month=2026-11&format=xlsx`, {
      headers: { cookie: admin.cookie! },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /rekap-absensi-2026-11\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('Rekap 2026-11')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 4), ['Kode', 'Nama', 'Jadwal', '1']);
    assert.deepEqual(header.slice(-3), ['Alpa', 'Libur', 'Jam Kerja']);
    const budi = (sheet.getRow(2).values as unknown[]).slice(1);
    assert.deepEqual(budi.slice(0, 6), ['REK001', 'Budi Santoso', 'Default', 'L', 'H', 'T']);
    assert.equal(budi.at(-1), 37.5);
    const totals = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    assert.equal(totals[1], 'Jumlah');
  });

  it('the CSV download is the same table, and a name a spreadsheet would run as a formula is written as text', async () => {
    const res = await fetch(`${node.url}/api/admin/reports/monthly?month=2026-11&format=csv`, {
      headers: { cookie: admin.cookie! },
    });
    assert.equal(res.status, 200);
    const rows: string[][] = parseCsv((await res.text()).replace(/^\ufeff/, ''));
    assert.deepEqual(rows[0]!.slice(0, 3), ['Kode', 'Nama', 'Jadwal']);
    assert.deepEqual(rows.find((r) => r[0] === 'REK005')![1], "'=1+1");
    assert.equal(rows.find((r) => r[0] === 'REK001')!.at(-1), '37.5');
  });

  it('bad input gets 400: a month that does not exist, a month after this one, an unknown format; employees get 403', async () => {
    for (const query of ['month=2026-13', 'month=2027-01', 'month=2026-11&format=pdf', 'month=november'])
      assert.equal((await admin.get(`/api/admin/reports/monthly?${query}`)).status, 400, query);
    const employee = await new ApiClient(node.url).login('rek001@test.local', 'employee-pass-1');
    assert.equal((await employee.get('/api/admin/reports/monthly?month=2026-11')).status, 403);
  });
});
