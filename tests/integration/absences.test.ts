import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { createTestClock } from '../support/clock';
import type { TestEnvironment } from '../support/environment';
import { ADMIN, createEmployee } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

// Tuesday 1 December 2026, 09:00 WIB.
const TUESDAY = '2026-12-01T02:00:00.000Z';

describe('absences', () => {
  let app: TestApp;
  let env: TestEnvironment;
  let nodes: RunningNode[];
  const clock = createTestClock(TUESDAY);
  let admin: ApiClient;
  let secondAdmin: ApiClient;
  let kiosk: ApiClient;
  let counter = 0;

  before(async () => {
    app = await startTestApp({ clock, nodes: 2, kiosk: 'Kiosk Izin' });
    ({ env, nodes, admin, kiosk } = app);
    secondAdmin = await new ApiClient(nodes[1].url).login(ADMIN.email, ADMIN.password);
  });

  after(() => app.close());

  async function newEmployee() {
    counter += 1;
    const code = `ABS${String(counter).padStart(3, '0')}`;
    return { ...(await createEmployee(env.db, env.config, code)), code };
  }

  const absence = (userId: number, from: string, to: string, kind = 'sakit') =>
    admin.post('/api/admin/absences', { user_id: userId, date_from: from, date_to: to, kind, note: 'surat dokter' });
  const today = async () => (await admin.get('/api/attendances/today')).body.meta;

  it('an employee on an absence today is counted under its kind, never as not checked in', async () => {
    const sick = await newEmployee();
    const created = await absence(sick.id, '2026-11-30', '2026-12-02');
    assert.equal(created.status, 201);
    assert.deepEqual(
      {
        user: created.body.data.user.employee_code,
        kind: created.body.data.kind,
        by: created.body.data.created_by.name,
      },
      { user: sick.code, kind: 'sakit', by: 'Admin Test' },
    );
    const meta = await today();
    assert.ok(!meta.not_checked_in.some((p: { id: number }) => p.id === sick.id));
    assert.deepEqual(
      meta.absences.filter((a: { user: { id: number } }) => a.user.id === sick.id).map((a: { kind: string }) => a.kind),
      ['sakit'],
    );
  });

  it('a check-in on an absence day wins and is recorded as attendance', async () => {
    const onLeave = await newEmployee();
    await absence(onLeave.id, '2026-12-01', '2026-12-01', 'cuti');
    const checkIn = await kiosk.post('/api/kiosk/check-in', { employee_code: onLeave.code, pin: '1234' });
    assert.equal(checkIn.status, 201);
    const meta = await today();
    assert.ok(
      (await admin.get('/api/attendances/today')).body.data.some(
        (a: { user: { id: number } }) => a.user.id === onLeave.id,
      ),
    );
    assert.ok(
      meta.absences.some((a: { user: { id: number } }) => a.user.id === onLeave.id),
      'the absence is still listed; the page counts it only while nobody checked in',
    );
  });

  it('an absence that shares a day with another of the same person gets 409 absence_overlaps; one of someone else does not', async () => {
    const first = await newEmployee();
    const other = await newEmployee();
    await absence(first.id, '2026-12-07', '2026-12-11', 'dinas_luar');
    const overlap = await absence(first.id, '2026-12-11', '2026-12-14', 'izin');
    assert.deepEqual([overlap.status, overlap.body.error.code], [409, 'absence_overlaps']);
    assert.equal((await absence(other.id, '2026-12-11', '2026-12-14', 'izin')).status, 201);
    assert.equal((await absence(first.id, '2026-12-12', '2026-12-14', 'izin')).status, 201, 'the day after is free');
  });

  it('when two admins add overlapping absences for one person at once, one gets 201 and the other 409', async () => {
    const person = await newEmployee();
    const body = (from: string, to: string) => ({ user_id: person.id, date_from: from, date_to: to, kind: 'wfh' });
    const results = await Promise.all([
      admin.post('/api/admin/absences', body('2026-12-15', '2026-12-16')),
      secondAdmin.post('/api/admin/absences', body('2026-12-16', '2026-12-17')),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
  });

  it('bad input gets 400 with the field: a range that ends before it starts, a day that does not exist, an unknown kind', async () => {
    const person = await newEmployee();
    const backwards = await absence(person.id, '2026-12-10', '2026-12-09');
    assert.deepEqual([backwards.status, backwards.body.error.details[0].path], [400, 'date_to']);
    const noSuchDay = await absence(person.id, '2026-02-30', '2026-03-01');
    assert.deepEqual([noSuchDay.status, noSuchDay.body.error.details[0].path], [400, 'date_from']);
    const kind = await absence(person.id, '2026-12-10', '2026-12-10', 'liburan');
    assert.deepEqual([kind.status, kind.body.error.details[0].path], [400, 'kind']);
    const nobody = await admin.post('/api/admin/absences', {
      user_id: 999999,
      date_from: '2026-12-10',
      date_to: '2026-12-10',
      kind: 'izin',
    });
    assert.equal(nobody.status, 404);
    assert.equal(
      (await admin.get(`/api/admin/absences?user_id=${person.id}`)).body.meta.total,
      0,
      'nothing was written',
    );
  });

  it('an admin edits and deletes an absence; the edit keeps the no-overlap rule, and each change is an absence.changed event', async () => {
    const person = await newEmployee();
    const lastEvent = (await today()).last_event_id;
    const created = (await absence(person.id, '2026-12-21', '2026-12-22', 'izin')).body.data;
    await absence(person.id, '2026-12-28', '2026-12-29', 'cuti');
    const edited = await admin.patch(`/api/admin/absences/${created.id}`, { date_to: '2026-12-23', kind: 'sakit' });
    assert.deepEqual(
      [edited.status, edited.body.data.date_to, edited.body.data.kind, edited.body.data.version],
      [200, '2026-12-23', 'sakit', 2],
    );
    const clash = await admin.patch(`/api/admin/absences/${created.id}`, { date_to: '2026-12-28' });
    assert.deepEqual([clash.status, clash.body.error.code], [409, 'absence_overlaps']);
    assert.equal((await admin.request('DELETE', `/api/admin/absences/${created.id}`)).status, 204);
    const events = (await admin.get(`/api/admin/events?after=${lastEvent}`)).body.data;
    assert.deepEqual(
      events.map((e: { type: string; data: { action: string } }) => `${e.type}:${e.data.action}`),
      ['absence.changed:created', 'absence.changed:created', 'absence.changed:updated', 'absence.changed:deleted'],
    );
  });

  it("an employee sees their own absences on their page, and nobody else's", async () => {
    const person = await newEmployee();
    const other = await newEmployee();
    await absence(person.id, '2027-03-01', '2027-03-03', 'cuti');
    await absence(other.id, '2027-03-01', '2027-03-01', 'izin');
    const web = await new ApiClient(nodes[0].url).login(`${person.code.toLowerCase()}@test.local`, 'employee-pass-1');
    const mine = await web.get('/api/attendances/absences');
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.data.map((a: { user: { id: number }; kind: string }) => [a.user.id, a.kind]),
      [[person.id, 'cuti']],
    );
    assert.equal((await admin.get('/api/attendances/absences')).status, 403, 'an admin reads them in the admin list');
  });

  it('the list shows the absences that overlap a range, and only admins see it', async () => {
    const person = await newEmployee();
    await absence(person.id, '2027-01-04', '2027-01-08', 'cuti');
    const january = await admin.get(`/api/admin/absences?date_from=2027-01-08&date_to=2027-01-31&user_id=${person.id}`);
    assert.deepEqual(
      january.body.data.map((a: { date_from: string }) => a.date_from),
      ['2027-01-04'],
    );
    const february = await admin.get(`/api/admin/absences?date_from=2027-02-01&user_id=${person.id}`);
    assert.equal(february.body.meta.total, 0);
    const employee = await new ApiClient(nodes[0].url).login(
      `${person.code.toLowerCase()}@test.local`,
      'employee-pass-1',
    );
    assert.equal((await employee.get('/api/admin/absences')).status, 403);
  });
});
