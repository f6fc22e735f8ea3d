import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee } from '../support/fixtures';

// Asia/Jakarta is UTC+7.
const wib = (local: string) => new Date(`${local}+07:00`).toISOString();

describe('work schedules', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  const clock = createTestClock(wib('2026-12-01T07:00:00'));
  let admin: ApiClient;
  let kiosk: ApiClient;
  let nightShift: number;
  let counter = 0;

  /** An admin adds a schedule: 08:00–17:00, Monday to Friday, no tolerance, but for the fields given. */
  const createSchedule = (
    fields: { name: string } & Partial<{
      work_start: string;
      work_end: string;
      late_tolerance_minutes: number;
      work_days: string[];
      crosses_midnight: boolean;
    }>,
  ) =>
    admin.post('/api/admin/schedules', {
      work_start: '08:00',
      work_end: '17:00',
      late_tolerance_minutes: 0,
      work_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      ...fields,
    });

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env, clock);
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    kiosk = new ApiClient(node.url).withBearer((await createDevice(env.db, 'Kiosk Shift')).token);
    const created = await createSchedule({
      name: 'Shift Malam',
      work_start: '22:00',
      work_end: '06:00',
      late_tolerance_minutes: 10,
      crosses_midnight: true,
    });
    assert.equal(created.status, 201);
    nightShift = created.body.data.id;
  });

  after(async () => {
    await node.shutdown('test done');
    await env.cleanup();
  });

  beforeEach(() => clock.set(wib('2026-12-01T07:00:00')));

  async function employee(scheduleId: number | null = null) {
    counter += 1;
    const code = `SHF${String(counter).padStart(3, '0')}`;
    const user = await createEmployee(env.db, env.config, code);
    if (scheduleId !== null)
      assert.equal((await admin.patch(`/api/admin/users/${user.id}`, { schedule_id: scheduleId })).status, 200);
    return { code, id: user.id };
  }
  const punch = async (kind: 'in' | 'out', code: string, at: string) => {
    clock.set(wib(at));
    return kiosk.post(`/api/kiosk/check-${kind}`, { employee_code: code, pin: '1234' });
  };

  it('a 22:00–06:00 shift checked in at 22:05 and out at 06:02 is one attendance dated the first day, on time, 477 minutes', async () => {
    const { code } = await employee(nightShift);
    const checkIn = await punch('in', code, '2026-12-01T22:05:00');
    assert.deepEqual(
      [checkIn.status, checkIn.body.data.date, checkIn.body.data.status],
      [201, '2026-12-01', 'present'],
    );
    const checkOut = await punch('out', code, '2026-12-02T06:02:00');
    assert.equal(checkOut.status, 200);
    assert.deepEqual(
      [
        checkOut.body.data.id,
        checkOut.body.data.date,
        checkOut.body.data.duration_minutes,
        checkOut.body.data.early_leave_minutes,
      ],
      [checkIn.body.data.id, '2026-12-01', 477, 0],
    );
  });

  it('on a shift that crosses midnight, a check-in after midnight belongs to the shift that began the evening before, late, and the one-per-day rule holds per shift day', async () => {
    const { code } = await employee(nightShift);
    const late = await punch('in', code, '2026-12-03T00:30:00');
    assert.deepEqual(
      [late.status, late.body.data.date, late.body.data.status, late.body.data.late_minutes],
      [201, '2026-12-02', 'late', 150],
    );
    const again = await punch('in', code, '2026-12-03T05:00:00');
    assert.deepEqual([again.status, again.body.error.code], [409, 'already_checked_in']);
    const nextShift = await punch('in', code, '2026-12-03T21:55:00');
    assert.deepEqual([nextShift.status, nextShift.body.data.date], [201, '2026-12-03']);
  });

  it("late and pulang cepat follow the employee's own schedule, with minutes", async () => {
    const early = await createSchedule({
      name: 'Pagi',
      work_start: '07:00',
      work_end: '15:00',
      late_tolerance_minutes: 5,
      work_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    });
    const { code } = await employee(early.body.data.id);
    const checkIn = await punch('in', code, '2026-12-04T07:20:00');
    assert.deepEqual([checkIn.body.data.status, checkIn.body.data.late_minutes], ['late', 20]);
    const checkOut = await punch('out', code, '2026-12-04T14:15:00');
    assert.deepEqual([checkOut.body.data.early_leave_minutes, checkOut.body.data.duration_minutes], [45, 415]);
    const { code: onDefault } = await employee();
    const defaultDay = await punch('in', onDefault, '2026-12-04T08:15:00');
    assert.deepEqual(
      [defaultDay.body.data.status, defaultDay.body.data.late_minutes],
      ['present', 0],
      'WORK_START 08:00 + 15 minutes',
    );
  });

  it('a kiosk check-in is never late on a holiday, even when its PIN was checked the evening before and the check-in is judged after midnight', async () => {
    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const dawn = await createSchedule({
      name: 'Dini Hari',
      work_start: '00:00',
      work_end: '08:00',
      work_days: everyDay,
    });
    const christmas = await admin.post('/api/admin/holidays', {
      date: '2026-12-25',
      name: 'Hari Raya Natal',
      kind: 'national',
    });
    assert.equal(christmas.status, 201);
    const { code: onHoliday } = await employee(dawn.body.data.id);
    const { code: dayAfter } = await employee(dawn.body.data.id);

    // Every read of the clock moves it 20 minutes on: the PIN check reads 23:50 on the 24th, the check-in 00:10 on the 25th.
    clock.set(wib('2026-12-24T23:50:00'));
    clock.advanceOnEachRead(20 * 60_000);
    const holiday = await kiosk.post('/api/kiosk/check-in', { employee_code: onHoliday, pin: '1234' });
    clock.advanceOnEachRead(0);
    assert.deepEqual(
      [holiday.status, holiday.body.data.check_in_at, holiday.body.data.date, holiday.body.data.status],
      [201, wib('2026-12-25T00:10:00'), '2026-12-25', 'present'],
    );
    const workingDay = await punch('in', dayAfter, '2026-12-26T00:10:00');
    assert.deepEqual([workingDay.body.data.status, workingDay.body.data.late_minutes], ['late', 10]);
  });

  it("changing an employee's schedule does not rewrite the status of their past attendances", async () => {
    const { code, id } = await employee();
    const past = await punch('in', code, '2026-12-07T08:30:00');
    assert.equal(past.body.data.status, 'late');
    const relaxed = await createSchedule({ name: 'Longgar', work_start: '09:00' });
    await admin.patch(`/api/admin/users/${id}`, { schedule_id: relaxed.body.data.id });
    const history = (await admin.get(`/api/attendances?user_id=${id}`)).body.data;
    assert.deepEqual(
      history.map((a: { status: string; late_minutes: number }) => [a.status, a.late_minutes]),
      [['late', 30]],
    );
  });

  it('bad schedules get 400 naming the field; a schedule in use cannot be deleted; an unknown schedule_id is refused', async () => {
    const backwards = await createSchedule({
      name: 'Salah',
      work_start: '17:00',
      work_end: '08:00',
      work_days: ['mon'],
    });
    assert.deepEqual([backwards.status, backwards.body.error.details[0].path], [400, 'work_end']);
    const noDays = await createSchedule({ name: 'Kosong', work_days: [] });
    assert.deepEqual([noDays.status, noDays.body.error.details[0].path], [400, 'work_days']);
    const taken = await createSchedule({ name: 'Shift Malam', work_days: ['mon'] });
    assert.deepEqual([taken.status, taken.body.error.code], [409, 'schedule_name_taken']);
    await employee(nightShift);
    const inUse = await admin.request('DELETE', `/api/admin/schedules/${nightShift}`);
    assert.deepEqual([inUse.status, inUse.body.error.code], [409, 'schedule_in_use']);
    const { id } = await employee();
    const unknown = await admin.patch(`/api/admin/users/${id}`, { schedule_id: 999999 });
    assert.deepEqual([unknown.status, unknown.body.error.details[0].path], [400, 'schedule_id']);
    const list = await admin.get('/api/admin/schedules');
    assert.equal(list.body.meta.default.work_start, '08:00');
  });
});
