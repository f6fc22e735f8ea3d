import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee } from '../support/fixtures';

// Asia/Jakarta is UTC+7: these are 09:00 WIB on each day.
const MONDAY = '2026-08-10T02:00:00.000Z';
const SUNDAY = '2026-08-16T02:00:00.000Z';
const INDEPENDENCE_DAY = '2026-08-17T02:00:00.000Z';
const SATURDAY = '2026-08-22T02:00:00.000Z';

describe('the working calendar', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  const clock = createTestClock(MONDAY);
  let admin: ApiClient;
  let kiosk: ApiClient;
  let employees: string[];

  before(async () => {
    env = await createTestEnvironment({ WORK_DAYS: 'mon,tue,wed,thu,fri,sat' });
    node = await startTestNode(env, clock);
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    kiosk = new ApiClient(node.url).withBearer((await createDevice(env.db, 'Kiosk Kalender')).token);
    employees = [];
    for (const code of ['CAL001', 'CAL002']) {
      await createEmployee(env.db, env.config, code);
      employees.push(code);
    }
  });

  after(async () => {
    await node.shutdown('test done');
    await env.cleanup();
  });

  beforeEach(() => clock.set(MONDAY));

  const today = async () => (await admin.get('/api/attendances/today')).body.meta;
  const codes = (people: { employee_code: string }[]) => people.map((p) => p.employee_code);

  it('on a working day every active employee without an attendance is named as not checked in, and a check-in removes the name', async () => {
    const before = await today();
    assert.equal(before.working_day, true);
    assert.equal(before.holiday, null);
    assert.deepEqual(codes(before.not_checked_in), employees);
    clock.set('2026-08-10T02:05:00.000Z');
    assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: 'CAL001', pin: '1234' })).status, 201);
    assert.deepEqual(codes((await today()).not_checked_in), ['CAL002']);
  });

  it('on a weekday outside WORK_DAYS nobody is missing, and a check-in that day is still accepted', async () => {
    clock.set(SUNDAY);
    const sunday = await today();
    assert.deepEqual([sunday.working_day, sunday.not_checked_in], [false, []]);
    assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: 'CAL002', pin: '1234' })).status, 201);
    clock.set(SATURDAY);
    assert.equal((await today()).working_day, true, "Saturday is in this office's WORK_DAYS");
  });

  it('on a holiday today says which, nobody is missing, and an employee who comes in anyway is recorded', async () => {
    const created = await admin.post('/api/admin/holidays', {
      date: '2026-08-17',
      name: 'Hari Kemerdekaan RI',
      kind: 'national',
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { date: created.body.data.date, name: created.body.data.name, kind: created.body.data.kind },
      { date: '2026-08-17', name: 'Hari Kemerdekaan RI', kind: 'national' },
    );
    clock.set(INDEPENDENCE_DAY);
    const holiday = await today();
    assert.deepEqual(
      [holiday.working_day, holiday.holiday?.name, holiday.not_checked_in],
      [false, 'Hari Kemerdekaan RI', []],
    );
    assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: 'CAL001', pin: '1234' })).status, 201);
    assert.equal((await admin.get('/api/attendances/today')).body.data.length, 1);
  });

  it('a second holiday on the same date gets 409 holiday_exists, and a deleted one is gone from the year', async () => {
    const first = await admin.post('/api/admin/holidays', { date: '2026-12-25', name: 'Natal', kind: 'national' });
    const again = await admin.post('/api/admin/holidays', { date: '2026-12-25', name: 'Natal lagi', kind: 'company' });
    assert.deepEqual([again.status, again.body.error.code], [409, 'holiday_exists']);
    assert.equal((await admin.request('DELETE', `/api/admin/holidays/${first.body.data.id}`)).status, 204);
    const year = await admin.get('/api/admin/holidays?year=2026');
    assert.ok(!year.body.data.some((h: { date: string }) => h.date === '2026-12-25'));
    assert.equal((await admin.request('DELETE', `/api/admin/holidays/${first.body.data.id}`)).status, 404);
  });

  it("a year's list imports from CSV, header or not, and a date already there takes the new name and kind", async () => {
    const csv =
      'date,name,kind\n2027-01-01,Tahun Baru 2027 Masehi,national\n2027-02-06,"Tahun Baru Imlek, 2578 Kongzili",national\n2027-02-05,Cuti Bersama Imlek,cuti_bersama\n';
    const imported = await admin.post('/api/admin/holidays/import', { csv });
    assert.equal(imported.status, 200);
    assert.deepEqual(imported.body.data, { created: 3, updated: 0 });
    const again = await admin.post('/api/admin/holidays/import', {
      holidays: [{ date: '2027-01-01', name: 'Tahun Baru Masehi', kind: 'national' }],
    });
    assert.deepEqual(again.body.data, { created: 0, updated: 1 });
    const year = (await admin.get('/api/admin/holidays?year=2027')).body.data;
    assert.deepEqual(
      year.map((h: { date: string; name: string }) => [h.date, h.name]),
      [
        ['2027-01-01', 'Tahun Baru Masehi'],
        ['2027-02-05', 'Cuti Bersama Imlek'],
        ['2027-02-06', 'Tahun Baru Imlek, 2578 Kongzili'],
      ],
    );
  });

  it('an import with one bad row is refused with 400 naming its line, and nothing of it is written', async () => {
    const csv =
      '2028-01-01,Tahun Baru,national\n2028-02-30,Tanggal yang tidak ada,national\n2028-03-01,Jenis salah,religious\n';
    const refused = await admin.post('/api/admin/holidays/import', { csv });
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'validation_failed']);
    assert.deepEqual(
      refused.body.error.details.map((d: { path: string }) => d.path),
      ['csv.2', 'csv.3'],
    );
    const twice = await admin.post('/api/admin/holidays/import', {
      holidays: [
        { date: '2028-05-01', name: 'Hari Buruh', kind: 'national' },
        { date: '2028-05-01', name: 'Hari Buruh', kind: 'national' },
      ],
    });
    assert.deepEqual([twice.status, twice.body.error.details[0].path], [400, 'holidays.1.date']);
    assert.deepEqual((await admin.get('/api/admin/holidays?year=2028')).body.data, []);
  });

  it('only admins manage holidays: an employee gets 403, nobody signed in 401', async () => {
    const employee = await new ApiClient(node.url).login('cal001@test.local', 'employee-pass-1');
    assert.equal((await employee.get('/api/admin/holidays')).status, 403);
    assert.equal(
      (await new ApiClient(node.url).post('/api/admin/holidays', { date: '2026-01-01', name: 'x', kind: 'national' }))
        .status,
      401,
    );
  });

  it('every holiday change reaches open consoles as a holiday.changed event', async () => {
    const before = (await today()).last_event_id;
    await admin.post('/api/admin/holidays', { date: '2026-09-14', name: 'Libur Kantor', kind: 'company' });
    const events = (await admin.get(`/api/admin/events?after=${before}`)).body.data;
    assert.deepEqual(
      events.map((e: { type: string; data: { action: string; holiday: { date: string } } }) => [
        e.type,
        e.data.action,
        e.data.holiday.date,
      ]),
      [['holiday.changed', 'created', '2026-09-14']],
    );
  });
});
