import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { createTestClock } from '../support/clock';
import type { TestEnvironment } from '../support/environment';
import { createAdmin, createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

// Monday 23 Nov 2026 in Asia/Jakarta (UTC+7); work starts 08:00 with 15 minutes' tolerance.
const AT_0730_WIB = '2026-11-23T00:30:00.000Z';
const AT_0815_WIB = '2026-11-23T01:15:00.000Z';
const AT_0816_WIB = '2026-11-23T01:16:00.000Z';
const AT_1700_WIB = '2026-11-23T10:00:00.000Z';

describe('attendance', () => {
  let app: TestApp;
  let env: TestEnvironment;
  let nodes: RunningNode[];
  const clock = createTestClock(AT_0730_WIB);
  let admin: ApiClient;
  let kiosk: ApiClient;
  let counter = 0;

  before(async () => {
    app = await startTestApp({ clock, nodes: 2, kiosk: 'Kiosk Lobi', kioskNode: 1 });
    ({ env, nodes, admin, kiosk } = app);
  });

  after(() => app.close());

  beforeEach(() => clock.set(AT_0730_WIB));

  async function newEmployee(options: { pin?: string } = {}) {
    counter += 1;
    const code = `EMP${String(counter).padStart(3, '0')}`;
    const user = await createEmployee(env.db, env.config, code, options);
    const web = await new ApiClient(nodes[0].url).login(user.email!, 'employee-pass-1');
    return { user, code, web };
  }

  /** The attendance as the admin's today list reads it back from the database. */
  async function storedAttendance(id: number) {
    const today = await admin.get('/api/attendances/today');
    return today.body.data.find((a: { id: number }) => a.id === id);
  }

  it('an employee who checks in before work start plus tolerance is present, with jam_masuk in org-local time', async () => {
    const { user, web } = await newEmployee();
    const res = await web.post('/api/attendances/check-in');
    assert.equal(res.status, 201);
    assert.equal(res.body.success, true);
    assert.deepEqual(
      {
        user: res.body.data.user,
        date: res.body.data.date,
        jam_masuk: res.body.data.jam_masuk,
        jam_pulang: res.body.data.jam_pulang,
        status: res.body.data.status,
        source: res.body.data.source,
        device: res.body.data.device,
        version: res.body.data.version,
        check_in_at: res.body.data.check_in_at,
      },
      {
        user: { id: user.id, name: user.name, employee_code: user.employee_code },
        date: '2026-11-23',
        jam_masuk: '07:30:00',
        jam_pulang: null,
        status: 'present',
        source: 'web',
        device: null,
        version: 1,
        check_in_at: AT_0730_WIB,
      },
    );
    assert.deepEqual(res.body.data, await storedAttendance(res.body.data.id), 'the answer is what was stored');
  });

  it('checking in exactly at the end of the tolerance is still present; one minute later is late', async () => {
    const onTime = await newEmployee();
    clock.set(AT_0815_WIB);
    assert.equal((await onTime.web.post('/api/attendances/check-in')).body.data.status, 'present');
    const late = await newEmployee();
    clock.set(AT_0816_WIB);
    const res = await late.web.post('/api/attendances/check-in');
    assert.equal(res.body.data.status, 'late');
    assert.equal(res.body.data.jam_masuk, '08:16:00');
  });

  it('a second check-in on the same day gets 409 already_checked_in and leaves the first untouched', async () => {
    const { web } = await newEmployee();
    const first = await web.post('/api/attendances/check-in');
    clock.advance(60_000);
    const second = await web.post('/api/attendances/check-in');
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'already_checked_in');
    const mine = await web.get('/api/attendances/mine');
    assert.deepEqual(mine.body.data, [first.body.data]);
  });

  it('checking out records jam_pulang and the duration, bumps the version, and a second check-out gets 409', async () => {
    const { web } = await newEmployee();
    await web.post('/api/attendances/check-in');
    clock.set(AT_1700_WIB);
    const out = await web.post('/api/attendances/check-out');
    assert.equal(out.status, 200);
    assert.equal(out.body.data.jam_pulang, '17:00:00');
    assert.equal(out.body.data.check_out_at, AT_1700_WIB);
    assert.equal(out.body.data.duration_minutes, 570);
    assert.equal(out.body.data.version, 2);
    const again = await web.post('/api/attendances/check-out');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_checked_out');
  });

  it('checking out without a check-in today gets 409 not_checked_in', async () => {
    const { web } = await newEmployee();
    const res = await web.post('/api/attendances/check-out');
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'not_checked_in');
  });

  it('the org-local calendar decides the day: 23:30 and 00:30 in Jakarta are two working days', async () => {
    const { web } = await newEmployee();
    clock.set('2026-11-23T16:30:00.000Z'); // 23:30 WIB on the 23rd
    assert.equal((await web.post('/api/attendances/check-in')).body.data.date, '2026-11-23');
    clock.set('2026-11-23T17:30:00.000Z'); // 00:30 WIB on the 24th, still the 23rd in UTC
    const next = await web.post('/api/attendances/check-in');
    assert.equal(next.status, 201);
    assert.equal(next.body.data.date, '2026-11-24');
  });

  it('when 20 check-ins of one employee race across two nodes, exactly one gets 201 and nineteen get 409', async () => {
    const { user } = await newEmployee();
    const sessions = await Promise.all(
      nodes.map((node) => new ApiClient(node.url).login(user.email!, 'employee-pass-1')),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sessions[i % 2].post('/api/attendances/check-in')),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, ...Array(19).fill(409)]);
    const rows = await env.db('attendances').where({ user_id: user.id });
    assert.equal(rows.length, 1);
    const events = await env
      .db('outbox')
      .where('type', 'attendance.created')
      .whereRaw("JSON_VALUE(payload, '$.user.id') = ?", [user.id]);
    assert.equal(events.length, 1, 'exactly one event for the one check-in');
  });

  it('a kiosk checks an employee in by code and PIN, and the attendance names the kiosk', async () => {
    const { code, user } = await newEmployee({ pin: '4321' });
    const res = await kiosk.post('/api/kiosk/check-in', { employee_code: code.toLowerCase(), pin: '4321' });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.user.id, user.id);
    assert.equal(res.body.data.source, 'kiosk');
    assert.equal(res.body.data.device.name, 'Kiosk Lobi');
    assert.deepEqual(res.body.data, await storedAttendance(res.body.data.id), 'the answer is what was stored');
    clock.set(AT_1700_WIB);
    const out = await kiosk.post('/api/kiosk/check-out', { employee_code: code, pin: '4321' });
    assert.equal(out.status, 200);
    assert.equal(out.body.data.jam_pulang, '17:00:00');
  });

  it('a wrong PIN gets 401 invalid_pin, the same answer as an unknown code, and writes nothing', async () => {
    const { code, user } = await newEmployee({ pin: '4321' });
    const wrong = await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '9999' });
    const unknown = await kiosk.post('/api/kiosk/check-in', { employee_code: 'NOBODY', pin: '9999' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'invalid_pin');
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal((await env.db('attendances').where({ user_id: user.id })).length, 0);
  });

  it('after five wrong PINs for one employee the kiosk gets 429 with Retry-After, even with the right PIN', async () => {
    const { code } = await newEmployee({ pin: '4321' });
    for (let i = 0; i < 5; i++)
      assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '0000' })).status, 401);
    const blocked = await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '4321' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'too_many_attempts');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });

  it('a right PIN clears the wrong ones before it: four typos, a check-in, then four more typos still leave the check-out open', async () => {
    const { code } = await newEmployee({ pin: '4321' });
    const typos = async () => {
      for (let i = 0; i < 4; i++)
        assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '0000' })).status, 401);
    };
    await typos();
    assert.equal((await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '4321' })).status, 201);
    await typos();
    assert.equal((await kiosk.post('/api/kiosk/check-out', { employee_code: code, pin: '4321' })).status, 200);
  });

  /** A kiosk of its own, through either node, so the PIN failures a test spends do not count against the shared one. */
  async function newKiosk(name: string): Promise<ApiClient[]> {
    const { token } = await createDevice(env.db, name);
    return nodes.map((node) => new ApiClient(node.url).withBearer(token));
  }

  it('60 parallel wrong PINs for one employee at one kiosk get at most PIN_MAX_FAILURES answers of 401, the rest 429', async () => {
    const { code, user } = await newEmployee({ pin: '4321' });
    const viaNode = await newKiosk('Kiosk Serbu');
    const { pinMaxFailures } = env.config.throttle;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        viaNode[i % 2].post('/api/kiosk/check-in', { employee_code: code, pin: String(1000 + i) }),
      ),
    );
    const verified = answers.filter((res) => res.status === 401).length;
    assert.ok(verified >= 1 && verified <= pinMaxFailures, `${verified} guesses were checked`);
    assert.deepEqual(
      answers.filter((res) => res.status !== 401).map((res) => [res.status, res.body.error.code]),
      Array(60 - verified).fill([429, 'too_many_attempts']),
    );
    assert.equal((await viaNode[0].post('/api/kiosk/check-in', { employee_code: code, pin: '4321' })).status, 429);
    assert.equal((await env.db('attendances').where({ user_id: user.id })).length, 0);
  });

  it('one wrong PIN tried over 30 employee codes at one kiosk gets 429 once PIN_MAX_FAILURES_PER_DEVICE is spent, even with a right PIN, while another kiosk still checks in', async () => {
    const codes = await createKioskEmployees(env.db, env.config, 'SPR', 30, '4321');
    const sprayed = await newKiosk('Kiosk Semprot');
    const { pinMaxFailuresPerDevice } = env.config.throttle;
    const statuses: number[] = [];
    for (const [i, employeeCode] of codes.entries())
      statuses.push(
        (await sprayed[i % 2].post('/api/kiosk/check-in', { employee_code: employeeCode, pin: '1234' })).status,
      );
    assert.deepEqual(statuses, [
      ...Array(pinMaxFailuresPerDevice).fill(401),
      ...Array(codes.length - pinMaxFailuresPerDevice).fill(429),
    ]);
    const blocked = await sprayed[0].post('/api/kiosk/check-in', { employee_code: codes[0], pin: '4321' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'too_many_attempts');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    const [elsewhere] = await newKiosk('Kiosk Gudang');
    const checkedIn = await elsewhere.post('/api/kiosk/check-in', { employee_code: codes[0], pin: '4321' });
    assert.equal(checkedIn.status, 201);
    assert.equal(checkedIn.body.data.device.name, 'Kiosk Gudang');
  });

  it('right PINs do not count against the kiosk: after one short of PIN_MAX_FAILURES_PER_DEVICE wrong ones and a check-in, the next wrong one is still answered 401', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'TYP', 1, '4321');
    const [busy] = await newKiosk('Kiosk Ramai');
    const { pinMaxFailuresPerDevice } = env.config.throttle;
    const typo = (i: number) => busy.post('/api/kiosk/check-in', { employee_code: `NOBODY${i}`, pin: '1234' });
    for (let i = 1; i < pinMaxFailuresPerDevice; i++) assert.equal((await typo(i)).status, 401, `typo ${i}`);
    assert.equal((await busy.post('/api/kiosk/check-in', { employee_code: code, pin: '4321' })).status, 201);
    assert.equal((await typo(pinMaxFailuresPerDevice)).status, 401);
    assert.equal((await typo(pinMaxFailuresPerDevice + 1)).status, 429);
  });

  it('an employee code in characters stored codes never have, such as fullwidth ＥＭＰ００１, gets 400 validation_failed', async () => {
    for (const employeeCode of ['ＥＭＰ００１', 'émp001', 'EMP 001']) {
      const res = await kiosk.post('/api/kiosk/check-in', { employee_code: employeeCode, pin: '1234' });
      assert.equal(res.status, 400, employeeCode);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(
        res.body.error.details.map((d: { path: string }) => d.path),
        ['employee_code'],
      );
    }
  });

  it('an admin account with its right PIN gets 403 forbidden at a kiosk and no attendance; a wrong PIN gets the usual 401 invalid_pin', async () => {
    const kioskAdmin = await createAdmin(env.db, env.config, {
      email: 'kiosk-admin@test.local',
      employee_code: 'ADM002',
      pin: '2468',
    });
    const [officeKiosk] = await newKiosk('Kiosk Kantor');
    const checkIn = await officeKiosk.post('/api/kiosk/check-in', { employee_code: 'ADM002', pin: '2468' });
    assert.equal(checkIn.status, 403);
    assert.equal(checkIn.body.error.code, 'forbidden');
    assert.equal(
      (await officeKiosk.post('/api/kiosk/check-out', { employee_code: 'ADM002', pin: '2468' })).status,
      403,
    );
    const wrong = await officeKiosk.post('/api/kiosk/check-in', { employee_code: 'ADM002', pin: '0000' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'invalid_pin');
    assert.equal((await env.db('attendances').where({ user_id: kioskAdmin.id })).length, 0);
  });

  it('a kiosk call with an unknown token gets 401 and one with a malformed body gets 400 naming the fields', async () => {
    const stranger = new ApiClient(nodes[0].url).withBearer('not-a-device-token');
    const unauthorized = await stranger.post('/api/kiosk/check-in', { employee_code: 'EMP001', pin: '1234' });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.body.error.code, 'invalid_device_token');
    const invalid = await kiosk.post('/api/kiosk/check-in', { employee_code: '', pin: '12a' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.code, 'validation_failed');
    assert.deepEqual(invalid.body.error.details.map((d: { path: string }) => d.path).sort(), ['employee_code', 'pin']);
  });

  it("the admin's today list is newest first and says which day, time zone and server time it is", async () => {
    clock.set('2026-11-25T00:10:00.000Z');
    const early = await newEmployee();
    await early.web.post('/api/attendances/check-in');
    clock.advance(5 * 60_000);
    const later = await newEmployee();
    await later.web.post('/api/attendances/check-in');
    const today = await admin.get('/api/attendances/today');
    assert.equal(today.status, 200);
    assert.deepEqual(
      today.body.data.map((a: { user: { id: number } }) => a.user.id),
      [later.user.id, early.user.id],
    );
    assert.equal(today.body.meta.date, '2026-11-25');
    assert.equal(today.body.meta.timezone, 'Asia/Jakarta');
    assert.equal(today.body.meta.server_time, '2026-11-25T00:15:00.000Z');
    assert.ok(today.body.meta.last_event_id > 0);
  });

  it('the history paginates and filters by date range, status and employee search', async () => {
    clock.set('2026-12-01T02:00:00.000Z'); // 09:00 WIB: late
    const lateOne = await newEmployee();
    await lateOne.web.post('/api/attendances/check-in');
    clock.set('2026-12-02T00:00:00.000Z'); // 07:00 WIB: present
    await lateOne.web.post('/api/attendances/check-in');
    const december = await admin.get(
      '/api/attendances?date_from=2026-12-01&date_to=2026-12-31&per_page=1&sort=date&order=asc',
    );
    assert.equal(december.body.meta.total, 2);
    assert.equal(december.body.meta.last_page, 2);
    assert.equal(december.body.data[0].date, '2026-12-01');
    const lateOnly = await admin.get(`/api/attendances?date_from=2026-12-01&status=late&q=${lateOne.code}`);
    assert.deepEqual(
      lateOnly.body.data.map((a: { date: string; status: string }) => [a.date, a.status]),
      [['2026-12-01', 'late']],
    );
    const tooMany = await admin.get('/api/attendances?per_page=101');
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.details[0].path, 'per_page');
    const backwards = await admin.get('/api/attendances?date_from=2026-12-02&date_to=2026-12-01');
    assert.equal(backwards.status, 400);
    const impossible = await admin.get('/api/attendances?date_from=2026-02-30');
    assert.equal(impossible.status, 400);
    assert.equal(impossible.body.error.details[0].path, 'date_from');
  });

  it("an employee sees only their own history and cannot read the admin's lists", async () => {
    const one = await newEmployee();
    const other = await newEmployee();
    await one.web.post('/api/attendances/check-in');
    await other.web.post('/api/attendances/check-in');
    const mine = await one.web.get('/api/attendances/mine');
    assert.deepEqual(new Set(mine.body.data.map((a: { user: { id: number } }) => a.user.id)), new Set([one.user.id]));
    assert.equal(mine.body.meta.today, '2026-11-23', 'the page learns the org-local day from the server');
    assert.equal((await one.web.get('/api/attendances/today')).status, 403);
    assert.equal((await one.web.get('/api/attendances')).status, 403);
    assert.equal((await new ApiClient(nodes[0].url).post('/api/attendances/check-in')).status, 401);
  });

  it('an admin session cannot check in as an employee', async () => {
    const res = await admin.post('/api/attendances/check-in');
    assert.equal(res.status, 403);
  });
});
