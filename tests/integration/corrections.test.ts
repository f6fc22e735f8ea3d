import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { flagForgottenCheckOuts } from '../../server/attendance/forgotten-check-outs';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { createTestClock } from '../support/clock';
import type { TestEnvironment } from '../support/environment';
import { ADMIN, createEmployee } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

// Wednesday 2 December 2026 in Asia/Jakarta (UTC+7).
const WED_0900 = '2026-12-02T02:00:00.000Z';
const THU_0900 = '2026-12-03T02:00:00.000Z';

describe('corrections', () => {
  let app: TestApp;
  let env: TestEnvironment;
  let nodes: RunningNode[];
  const clock = createTestClock(WED_0900);
  let admin: ApiClient;
  let secondAdmin: ApiClient;
  let kiosk: ApiClient;
  let counter = 0;

  before(async () => {
    app = await startTestApp({ clock, nodes: 2, kiosk: 'Kiosk Koreksi' });
    ({ env, nodes, admin, kiosk } = app);
    secondAdmin = await new ApiClient(nodes[1].url).login(ADMIN.email, ADMIN.password);
  });

  after(() => app.close());

  beforeEach(() => clock.set(WED_0900));

  async function newEmployee() {
    counter += 1;
    const code = `KOR${String(counter).padStart(3, '0')}`;
    const user = await createEmployee(env.db, env.config, code);
    const web = await new ApiClient(nodes[1].url).login(user.email!, 'employee-pass-1');
    return { user, code, web };
  }
  const lastEventId = async () => (await admin.get('/api/attendances/today')).body.meta.last_event_id;
  const eventsAfter = async (id: number) =>
    (await admin.get(`/api/admin/events?after=${id}`)).body.data as {
      type: string;
      data: { id: number; version: number };
    }[];

  it('an admin adds a forgotten day with a reason: source admin, status and duration from the times, one audit row, attendance.created', async () => {
    const { user } = await newEmployee();
    const before = await lastEventId();
    const created = await admin.post('/api/admin/attendances', {
      user_id: user.id,
      date: '2026-12-01',
      jam_masuk: '08:20',
      jam_pulang: '17:05',
      reason: 'kiosk mati pagi itu',
    });
    assert.equal(created.status, 201);
    const a = created.body.data;
    assert.deepEqual(
      [a.date, a.jam_masuk, a.jam_pulang, a.status, a.duration_minutes, a.source, a.version],
      ['2026-12-01', '08:20:00', '17:05:00', 'late', 525, 'admin', 1],
    );
    const audit = (await admin.get(`/api/admin/attendances/${a.id}/audit`)).body.data;
    assert.deepEqual(
      audit.map((e: { actor: { name: string }; reason: string; before: unknown; after: { version: number } }) => [
        e.actor.name,
        e.reason,
        e.before,
        e.after.version,
      ]),
      [['Admin Test', 'kiosk mati pagi itu', null, 1]],
    );
    assert.deepEqual(
      (await eventsAfter(before)).map((e) => [e.type, e.data.id]),
      [['attendance.created', a.id]],
    );
    const again = await admin.post('/api/admin/attendances', {
      user_id: user.id,
      date: '2026-12-01',
      jam_masuk: '08:00',
      reason: 'dua kali',
    });
    assert.deepEqual([again.status, again.body.error.code], [409, 'attendance_exists']);
  });

  it('an admin corrects a check-in time: the version rises, the audit row keeps before and after, and the event follows', async () => {
    const { code } = await newEmployee();
    clock.set('2026-12-02T01:40:00.000Z'); // 08:40 WIB: late
    const checkIn = (await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' })).body.data;
    assert.equal(checkIn.status, 'late');
    clock.set(WED_0900);
    const before = await lastEventId();
    const corrected = await admin.patch(`/api/admin/attendances/${checkIn.id}`, {
      jam_masuk: '07:58',
      reason: 'jam kiosk terlambat 42 menit',
    });
    assert.equal(corrected.status, 200);
    assert.deepEqual(
      [corrected.body.data.jam_masuk, corrected.body.data.status, corrected.body.data.version],
      ['07:58:00', 'present', 2],
    );
    const [entry] = (await admin.get(`/api/admin/attendances/${checkIn.id}/audit`)).body.data;
    assert.deepEqual(
      [entry.before.jam_masuk, entry.after.jam_masuk, entry.reason],
      ['08:40:00', '07:58:00', 'jam kiosk terlambat 42 menit'],
    );
    assert.deepEqual(
      (await eventsAfter(before)).map((e) => [e.type, e.data.version]),
      [['attendance.updated', 2]],
    );
  });

  it('bad corrections get 400 naming the field and change nothing: jam_pulang before jam_masuk, a future day, a time not yet come, no reason', async () => {
    const { user } = await newEmployee();
    const post = (body: Record<string, unknown>) =>
      admin.post('/api/admin/attendances', { user_id: user.id, reason: 'perbaikan data', ...body });
    const field = async (body: Record<string, unknown>) => {
      const res = await post(body);
      return [res.status, res.body.error?.details?.[0]?.path];
    };
    assert.deepEqual(await field({ date: '2026-12-01', jam_masuk: '17:00', jam_pulang: '08:00' }), [400, 'jam_pulang']);
    assert.deepEqual(await field({ date: '2026-12-03', jam_masuk: '08:00' }), [400, 'date']);
    assert.deepEqual(await field({ date: '2026-12-02', jam_masuk: '10:30' }), [400, 'jam_masuk']);
    assert.deepEqual(await field({ date: '2026-12-01', jam_masuk: '25:00' }), [400, 'jam_masuk']);
    assert.deepEqual(await field({ date: '2026-12-01', jam_masuk: '08:00', reason: '' }), [400, 'reason']);
    assert.equal((await admin.get(`/api/attendances?user_id=${user.id}`)).body.meta.total, 0);
  });

  it('an employee asks for a correction and sees it; another employee does not; an admin approves it and the attendance is written with an audit row', async () => {
    const asker = await newEmployee();
    const other = await newEmployee();
    clock.set('2026-12-01T01:00:00.000Z'); // Tuesday 08:00 WIB
    const checkIn = (await kiosk.post('/api/kiosk/check-in', { employee_code: asker.code, pin: '1234' })).body.data;
    clock.set(WED_0900);
    const before = await lastEventId();
    const asked = await asker.web.post('/api/attendances/corrections', {
      date: '2026-12-01',
      jam_pulang: '17:05',
      reason: 'lupa absen pulang kemarin 17:05',
    });
    assert.equal(asked.status, 201);
    assert.deepEqual(
      [asked.body.data.status, asked.body.data.jam_pulang, asked.body.data.jam_masuk],
      ['pending', '17:05:00', null],
    );
    assert.deepEqual(
      (await asker.web.get('/api/attendances/corrections')).body.data.map((c: { id: number }) => c.id),
      [asked.body.data.id],
    );
    assert.deepEqual((await other.web.get('/api/attendances/corrections')).body.data, []);
    assert.equal((await other.web.post(`/api/admin/corrections/${asked.body.data.id}/approve`, {})).status, 403);
    const pending = (await admin.get('/api/admin/corrections?status=pending')).body.data.map(
      (c: { id: number }) => c.id,
    );
    assert.ok(pending.includes(asked.body.data.id));

    const approved = await admin.post(`/api/admin/corrections/${asked.body.data.id}/approve`, {
      reason: 'sesuai CCTV',
    });
    assert.equal(approved.status, 200);
    assert.deepEqual(
      [
        approved.body.data.correction.status,
        approved.body.data.correction.decided_by.name,
        approved.body.data.attendance.id,
      ],
      ['approved', 'Admin Test', checkIn.id],
    );
    assert.deepEqual(
      [
        approved.body.data.attendance.jam_pulang,
        approved.body.data.attendance.duration_minutes,
        approved.body.data.attendance.version,
      ],
      ['17:05:00', 545, 2],
    );
    const [entry] = (await admin.get(`/api/admin/attendances/${checkIn.id}/audit`)).body.data;
    assert.match(entry.reason, /lupa absen pulang kemarin 17:05/);
    assert.deepEqual(
      (await eventsAfter(before)).map((e) => e.type),
      ['correction.requested', 'attendance.updated', 'correction.decided'],
    );
  });

  it('when two admins approve the same request at once, one wins and the other gets 409 correction_decided; a decided request cannot be rejected', async () => {
    const { web } = await newEmployee();
    const asked = (
      await web.post('/api/attendances/corrections', {
        date: '2026-12-01',
        jam_masuk: '08:01',
        jam_pulang: '16:59',
        reason: 'HP mati, tidak bisa absen',
      })
    ).body.data;
    const results = await Promise.all([
      admin.post(`/api/admin/corrections/${asked.id}/approve`, {}),
      secondAdmin.post(`/api/admin/corrections/${asked.id}/approve`, {}),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    assert.equal(results.find((r) => r.status === 409)!.body.error.code, 'correction_decided');
    const rejected = await admin.post(`/api/admin/corrections/${asked.id}/reject`, { reason: 'terlambat' });
    assert.deepEqual([rejected.status, rejected.body.error.code], [409, 'correction_decided']);
    const attendances = (await admin.get(`/api/attendances?user_id=${asked.user.id}`)).body.data;
    assert.deepEqual(
      attendances.map((a: { source: string; version: number }) => [a.source, a.version]),
      [['admin', 1]],
      'written once',
    );
  });

  it('a rejected request changes no attendance and tells the employee why', async () => {
    const { web, user } = await newEmployee();
    const asked = (
      await web.post('/api/attendances/corrections', {
        date: '2026-11-30',
        jam_masuk: '07:30',
        reason: 'saya datang pagi',
      })
    ).body.data;
    const rejected = await admin.post(`/api/admin/corrections/${asked.id}/reject`, { reason: 'tidak ada di CCTV' });
    assert.deepEqual([rejected.status, rejected.body.data.correction.status], [200, 'rejected']);
    const [mine] = (await web.get('/api/attendances/corrections')).body.data;
    assert.deepEqual([mine.status, mine.decision_reason], ['rejected', 'tidak ada di CCTV']);
    assert.equal((await admin.get(`/api/attendances?user_id=${user.id}`)).body.meta.total, 0);
    assert.equal(
      (await admin.post(`/api/admin/corrections/${asked.id}/reject`, {})).status,
      400,
      'a rejection needs a reason',
    );
  });

  it('requests for a future day, without any time, or with jam_pulang before jam_masuk get 400', async () => {
    const { web } = await newEmployee();
    const path = async (body: Record<string, unknown>) => {
      const res = await web.post('/api/attendances/corrections', { reason: 'mohon dikoreksi', ...body });
      return [res.status, res.body.error?.details?.[0]?.path];
    };
    assert.deepEqual(await path({ date: '2026-12-03', jam_masuk: '08:00' }), [400, 'date']);
    assert.deepEqual(await path({ date: '2026-12-01' }), [400, 'jam_masuk']);
    assert.deepEqual(await path({ date: '2026-12-01', jam_masuk: '17:00', jam_pulang: '08:00' }), [400, 'jam_pulang']);
    assert.deepEqual((await web.get('/api/attendances/corrections')).body.data, []);
  });

  it('an attendance left open after its day is flagged missing_check_out once, filterable in Riwayat, and a correction with jam_pulang clears it', async () => {
    const { code, user } = await newEmployee();
    const open = (await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' })).body.data;
    const deps = {
      db: env.db,
      clock,
      config: env.config,
      logger: pino({ level: 'silent' }),
      publisher: nodes[0].ctx.publisher,
    };
    assert.equal(await flagForgottenCheckOuts(deps), 0, 'the day is not over yet');
    clock.set(THU_0900);
    const before = await lastEventId();
    assert.ok((await flagForgottenCheckOuts(deps)) >= 1);
    assert.equal(await flagForgottenCheckOuts(deps), 0, 'each open attendance is flagged once');
    const flagged = (await admin.get(`/api/attendances?missing_check_out=true&user_id=${user.id}`)).body.data;
    assert.deepEqual(
      flagged.map((a: { id: number; version: number; jam_pulang: null }) => [a.id, a.version, a.jam_pulang]),
      [[open.id, 2, null]],
    );
    assert.ok((await eventsAfter(before)).some((e) => e.type === 'attendance.updated' && e.data.id === open.id));
    const closed = await admin.patch(`/api/admin/attendances/${open.id}`, {
      jam_pulang: '17:00',
      reason: 'lupa absen pulang',
    });
    assert.deepEqual([closed.body.data.missing_check_out, closed.body.data.jam_pulang], [false, '17:00:00']);
    assert.equal((await admin.get(`/api/attendances?missing_check_out=true&user_id=${user.id}`)).body.meta.total, 0);
  });
});
