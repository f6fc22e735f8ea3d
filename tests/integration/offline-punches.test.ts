import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApiClient } from '../support/api-client';
import { createTestClock } from '../support/clock';
import type { TestEnvironment } from '../support/environment';
import { createAdmin, createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

// Monday 23 Nov 2026 in Asia/Jakarta (UTC+7): work starts 08:00 with 15 minutes' tolerance and ends 17:00.
const wib = (day: string, time: string) => new Date(`${day}T${time}+07:00`).toISOString();
const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';
const HOUR = 3600_000;

interface Entry {
  client_id: string;
  employee_code: string;
  pin: string;
  kind: 'in' | 'out';
  at: string;
}

const entry = (employee_code: string, kind: 'in' | 'out', at: string, pin = '1234'): Entry => ({
  client_id: randomUUID(),
  employee_code,
  pin,
  kind,
  at,
});

/** The answers without the attendances: what each entry became. */
const outcomes = (answers: { client_id: string; result: string; code?: string; original?: string }[]) =>
  answers.map(({ client_id, result, code, original }) => ({
    client_id,
    result,
    ...(original ? { original } : {}),
    ...(code ? { code } : {}),
  }));

describe('offline kiosks: POST /api/kiosk/punches', () => {
  let app: TestApp;
  let env: TestEnvironment;
  const clock = createTestClock(wib(MONDAY, '10:00:00'));
  let kiosks = 0;

  before(async () => {
    app = await startTestApp({ clock, nodes: 2, kiosk: 'Kiosk Lobi' });
    env = app.env;
  });

  after(() => app.close());

  beforeEach(() => clock.set(wib(MONDAY, '10:00:00')));

  /** A kiosk of its own through each node, so the PIN failures one test spends never count against another. */
  async function newKiosk() {
    kiosks += 1;
    const { id, token } = await createDevice(env.db, `Kiosk ${kiosks}`);
    return { id, via: app.nodes.map((node) => new ApiClient(node.url).withBearer(token)) };
  }

  const send = (kiosk: ApiClient, entries: Entry[], sentAt = clock().toISOString()) =>
    kiosk.post('/api/kiosk/punches', { sent_at: sentAt, entries });

  const userId = async (code: string) =>
    (await env.db('users').where({ employee_code: code }).first('id')).id as number;

  /** Everything a batch could write. */
  const written = async () => ({
    attendances: await env
      .db('attendances')
      .orderBy('id')
      .select('id', 'user_id', 'check_in_at', 'check_out_at', 'version'),
    outbox: Number((await env.db('outbox').count({ n: '*' }))[0].n),
    punches: await env.db('kiosk_punches').orderBy('id').select(),
  });

  it('when a batch mixes a valid entry, a wrong PIN, a too old one, a duplicate, an out before any in, a future one, one for a day already checked in and an admin, each gets exactly its documented result; replaying it changes nothing', async () => {
    const [onTime, wrongPin, tooOld, outFirst, future, early] = await createKioskEmployees(
      env.db,
      env.config,
      'MIX',
      6,
    );
    await createAdmin(env.db, env.config, { email: 'punch-admin@test.local', employee_code: 'ADMPUNCH', pin: '2468' });
    const kiosk = await newKiosk();
    clock.set(wib(MONDAY, '07:40:00'));
    assert.equal((await kiosk.via[0].post('/api/kiosk/check-in', { employee_code: early, pin: '1234' })).status, 201);
    clock.set(wib(MONDAY, '10:00:00'));

    const valid = entry(onTime, 'in', wib(MONDAY, '07:50:00'));
    const batch = [
      valid,
      entry(wrongPin, 'in', wib(MONDAY, '07:56:00'), '9999'),
      entry(tooOld, 'in', new Date(clock().getTime() - 24 * HOUR - 1000).toISOString()),
      { ...valid },
      entry(outFirst, 'out', wib(MONDAY, '08:30:00')),
      entry(future, 'in', new Date(clock().getTime() + 5 * 60_000).toISOString()),
      entry(early, 'in', wib(MONDAY, '07:45:00')),
      entry('ADMPUNCH', 'in', wib(MONDAY, '07:58:00'), '2468'),
    ];
    const first = await send(kiosk.via[1], batch);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const [applied] = first.body.data;
    assert.deepEqual(outcomes(first.body.data), [
      { client_id: batch[0].client_id, result: 'applied' },
      { client_id: batch[1].client_id, result: 'rejected', code: 'invalid_pin' },
      { client_id: batch[2].client_id, result: 'rejected', code: 'punch_too_old' },
      { client_id: batch[0].client_id, result: 'duplicate', original: 'applied' },
      { client_id: batch[4].client_id, result: 'rejected', code: 'not_checked_in' },
      { client_id: batch[5].client_id, result: 'rejected', code: 'punch_in_future' },
      { client_id: batch[6].client_id, result: 'rejected', code: 'already_checked_in' },
      { client_id: batch[7].client_id, result: 'rejected', code: 'forbidden' },
    ]);
    assert.deepEqual(
      {
        employee: applied.attendance.user.employee_code,
        date: applied.attendance.date,
        jam_masuk: applied.attendance.jam_masuk,
        check_in_at: applied.attendance.check_in_at,
        status: applied.attendance.status,
        source: applied.attendance.source,
        device: applied.attendance.device,
      },
      {
        employee: onTime,
        date: MONDAY,
        jam_masuk: '07:50:00',
        check_in_at: valid.at,
        status: 'present',
        source: 'kiosk',
        device: { id: kiosk.id, name: `Kiosk ${kiosks}` },
      },
    );
    assert.equal(first.body.data[3].attendance_id, applied.attendance.id);
    const events = await env
      .db('outbox')
      .where('type', 'attendance.created')
      .whereRaw("JSON_VALUE(payload, '$.user.id') = ?", [await userId(onTime)]);
    assert.deepEqual(
      events.map((event) => (typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload).jam_masuk),
      ['07:50:00'],
      'one live event, with the typed time',
    );

    const unchanged = await written();
    const replay = await send(kiosk.via[0], batch);
    assert.equal(replay.status, 200);
    assert.deepEqual(outcomes(replay.body.data), [
      { client_id: batch[0].client_id, result: 'duplicate', original: 'applied' },
      { client_id: batch[1].client_id, result: 'duplicate', original: 'rejected', code: 'invalid_pin' },
      { client_id: batch[2].client_id, result: 'duplicate', original: 'rejected', code: 'punch_too_old' },
      { client_id: batch[0].client_id, result: 'duplicate', original: 'applied' },
      { client_id: batch[4].client_id, result: 'duplicate', original: 'rejected', code: 'not_checked_in' },
      { client_id: batch[5].client_id, result: 'duplicate', original: 'rejected', code: 'punch_in_future' },
      { client_id: batch[6].client_id, result: 'duplicate', original: 'rejected', code: 'already_checked_in' },
      { client_id: batch[7].client_id, result: 'duplicate', original: 'rejected', code: 'forbidden' },
    ]);
    assert.deepEqual(await written(), unchanged, 'the replay wrote nothing');
  });

  it('when two batches carrying the same entries reach two nodes at once, each entry is applied exactly once and the other batch is told duplicate', async () => {
    const codes = await createKioskEmployees(env.db, env.config, 'RACE', 8);
    const kiosk = await newKiosk();
    const batch = codes.map((code, i) => entry(code, 'in', wib(MONDAY, `07:${String(30 + i).padStart(2, '0')}:00`)));
    const [one, two] = await Promise.all([send(kiosk.via[0], batch), send(kiosk.via[1], batch)]);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(two.status, 200, JSON.stringify(two.body));
    for (const [i, { client_id }] of batch.entries()) {
      const results = [one.body.data[i].result, two.body.data[i].result].sort();
      assert.deepEqual(results, ['applied', 'duplicate'], client_id);
    }
    const ids = await Promise.all(codes.map(userId));
    assert.equal((await env.db('attendances').whereIn('user_id', ids)).length, codes.length);
    const events = await env
      .db('outbox')
      .where('type', 'attendance.created')
      .whereRaw(`JSON_VALUE(payload, '$.user.id') IN (${ids.map(() => '?').join(',')})`, ids);
    assert.equal(events.length, codes.length, 'one event per applied entry');
    assert.equal((await env.db('kiosk_punches').where({ device_id: kiosk.id })).length, codes.length);
  });

  it('when a live check-in landed but its answer was lost and the kiosk queued the same entry, the sync says duplicate and nothing changes; a live request repeated with its client_id gets 409', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'LOST', 1);
    const kiosk = await newKiosk();
    const typed = entry(code!, 'in', clock().toISOString());
    const live = await kiosk.via[0].post('/api/kiosk/check-in', {
      employee_code: code,
      pin: typed.pin,
      client_id: typed.client_id,
    });
    assert.equal(live.status, 201, JSON.stringify(live.body));
    const before = await written();

    const synced = await send(kiosk.via[1], [typed]);
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.data[0].result, 'duplicate');
    assert.equal(synced.body.data[0].original, 'applied');
    assert.equal(synced.body.data[0].attendance_id, live.body.data.id);
    const repeated = await kiosk.via[1].post('/api/kiosk/check-in', {
      employee_code: code,
      pin: typed.pin,
      client_id: typed.client_id,
    });
    assert.equal(repeated.status, 409);
    assert.deepEqual(await written(), before);
  });

  it('when a batch has more than 500 entries it gets 400 and nothing of it is applied', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'BIG', 1);
    const kiosk = await newKiosk();
    const entries = [
      entry(code, 'in', wib(MONDAY, '07:50:00')),
      ...Array.from({ length: 500 }, (_, i) => entry(`NOBODY${i}`, 'in', wib(MONDAY, '07:51:00'))),
    ];
    const unchanged = await written();
    const res = await send(kiosk.via[0], entries);
    assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.deepEqual(
      res.body.error.details.map((d: { path: string }) => d.path),
      ['entries'],
    );
    assert.deepEqual(await written(), unchanged);
  });

  it('the largest batch the contract allows (500 entries, every field at its longest) fits the body limit and gets 500 answers', async () => {
    const kiosk = await newKiosk();
    const old = new Date(clock().getTime() - 25 * HOUR).toISOString().replace('Z', '+00:00');
    const entries = Array.from({ length: 500 }, (_, i) => ({
      ...entry(`LONGEST${String(i).padStart(25, '0')}`, 'out', old, '123456'),
      client_id: `${randomUUID()}-${String(i).padStart(27, '0')}`,
    }));
    const body = JSON.stringify({ sent_at: clock().toISOString(), entries });
    assert.ok(body.length > 64 * 1024, `${body.length} bytes: more than any other body may be`);
    const res = await kiosk.via[0].post('/api/kiosk/punches', body);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    assert.deepEqual(new Set(res.body.data.map((a: { code: string }) => a.code)), new Set(['punch_too_old']));
    assert.equal(res.body.data.length, 500);
  });

  it('when one entry of a batch is malformed, the batch gets 400 naming that entry and nothing of it is applied', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'BAD', 1);
    const kiosk = await newKiosk();
    const good = entry(code, 'in', wib(MONDAY, '07:50:00'));
    const unchanged = await written();
    const malformed = [
      [good, { ...entry(code, 'out', '17:00'), pin: '12a' }],
      [good, { ...entry(code, 'in', wib(MONDAY, '07:55:00')), kind: 'masuk' }],
      [good, { ...entry(code, 'in', wib(MONDAY, '07:55:00')), client_id: '' }],
      [good, { ...entry(code, 'in', wib(MONDAY, '07:55:00')), extra: 1 }],
    ];
    const paths = [];
    for (const entries of malformed) {
      const res = await send(kiosk.via[0], entries as Entry[]);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'validation_failed');
      paths.push(res.body.error.details.map((d: { path: string }) => d.path).sort());
    }
    assert.deepEqual(paths, [
      ['entries.1.at', 'entries.1.pin'],
      ['entries.1.kind'],
      ['entries.1.client_id'],
      ['entries.1.extra'],
    ]);
    const noSentAt = await kiosk.via[0].post('/api/kiosk/punches', { entries: [good] });
    assert.deepEqual(
      noSentAt.body.error.details.map((d: { path: string }) => d.path),
      ['sent_at'],
    );
    assert.equal((await kiosk.via[0].post('/api/kiosk/punches', { sent_at: clock(), entries: [] })).status, 400);
    assert.deepEqual(await written(), unchanged);
  });

  it('when the kiosk clock is off the server by more than PUNCH_MAX_SKEW_SECONDS, the batch gets 422 clock_skew and nothing is applied; within it the batch is taken', async () => {
    const [behind, ahead] = await createKioskEmployees(env.db, env.config, 'SKEW', 2);
    const kiosk = await newKiosk();
    const skewMs = env.config.punches.maxSkewSeconds * 1000;
    const unchanged = await written();
    for (const offset of [-skewMs - 1000, skewMs + 1000]) {
      const sentAt = new Date(clock().getTime() + offset).toISOString();
      const res = await send(kiosk.via[0], [entry(behind, 'in', wib(MONDAY, '07:50:00'))], sentAt);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'clock_skew');
      assert.equal(res.body.error.details.server_time, clock().toISOString());
    }
    assert.deepEqual(await written(), unchanged);

    // The kiosk runs 100 s fast: what it stamped a moment ago is still before its sent_at.
    const fast = new Date(clock().getTime() + skewMs - 20_000).toISOString();
    const taken = await send(kiosk.via[0], [entry(ahead, 'in', fast)], fast);
    assert.equal(taken.body.data[0].result, 'applied');
  });

  it('when entries arrive hours after they were typed, late is judged by their own time and the day is the org-local day of it', async () => {
    clock.set(wib(TUESDAY, '18:00:00'));
    const [onTime, late, night] = await createKioskEmployees(env.db, env.config, 'LATE', 3);
    const kiosk = await newKiosk();
    const res = await send(kiosk.via[0], [
      entry(onTime, 'in', wib(TUESDAY, '08:15:00')),
      entry(late, 'in', wib(TUESDAY, '08:20:00')),
      entry(onTime, 'out', wib(TUESDAY, '17:05:00')),
      entry(late, 'out', wib(TUESDAY, '16:30:00')),
      // 01:30 in Jakarta on Tuesday is still Monday in UTC.
      entry(night, 'in', wib(TUESDAY, '01:30:00')),
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const view = res.body.data.map((answer: { attendance: Record<string, unknown> }) => {
      const { date, jam_masuk, jam_pulang, status, late_minutes, duration_minutes, early_leave_minutes } =
        answer.attendance;
      return { date, jam_masuk, jam_pulang, status, late_minutes, duration_minutes, early_leave_minutes };
    });
    assert.deepEqual(view, [
      {
        date: TUESDAY,
        jam_masuk: '08:15:00',
        jam_pulang: null,
        status: 'present',
        late_minutes: 0,
        duration_minutes: null,
        early_leave_minutes: null,
      },
      {
        date: TUESDAY,
        jam_masuk: '08:20:00',
        jam_pulang: null,
        status: 'late',
        late_minutes: 20,
        duration_minutes: null,
        early_leave_minutes: null,
      },
      {
        date: TUESDAY,
        jam_masuk: '08:15:00',
        jam_pulang: '17:05:00',
        status: 'present',
        late_minutes: 0,
        duration_minutes: 530,
        early_leave_minutes: 0,
      },
      {
        date: TUESDAY,
        jam_masuk: '08:20:00',
        jam_pulang: '16:30:00',
        status: 'late',
        late_minutes: 20,
        duration_minutes: 490,
        early_leave_minutes: 30,
      },
      {
        date: TUESDAY,
        jam_masuk: '01:30:00',
        jam_pulang: null,
        status: 'present',
        late_minutes: 0,
        duration_minutes: null,
        early_leave_minutes: null,
      },
    ]);
    const today = await app.admin.get('/api/attendances/today');
    const listed = today.body.data.filter((a: { user: { employee_code: string } }) =>
      [onTime, late, night].includes(a.user.employee_code),
    );
    assert.deepEqual(
      listed.map((a: { user: { employee_code: string }; jam_masuk: string }) => [a.user.employee_code, a.jam_masuk]),
      [
        [late, '08:20:00'],
        [onTime, '08:15:00'],
        [night, '01:30:00'],
      ],
      "in Hari Ini's snapshot, newest check-in first",
    );
  });

  it("when yesterday's check-out arrives the next morning, it closes that attendance and clears its forgotten-check-out flag; an out earlier than the check-in is refused", async () => {
    const [code, other] = await createKioskEmployees(env.db, env.config, 'NEXT', 2);
    const kiosk = await newKiosk();
    clock.set(wib(MONDAY, '08:00:00'));
    for (const employee_code of [code, other])
      assert.equal((await kiosk.via[0].post('/api/kiosk/check-in', { employee_code, pin: '1234' })).status, 201);
    await env
      .db('attendances')
      .where({ user_id: await userId(code) })
      .update({ missing_check_out: true, version: 2 });
    clock.set(wib(TUESDAY, '07:00:00'));
    const res = await send(kiosk.via[0], [
      entry(code, 'out', wib(MONDAY, '17:05:00')),
      entry(other, 'out', wib(MONDAY, '07:30:00')),
    ]);
    const [closed, refused] = res.body.data;
    assert.equal(closed.result, 'applied', JSON.stringify(closed));
    assert.deepEqual(
      [
        closed.attendance.date,
        closed.attendance.jam_pulang,
        closed.attendance.missing_check_out,
        closed.attendance.version,
      ],
      [MONDAY, '17:05:00', false, 3],
    );
    assert.deepEqual([refused.result, refused.code], ['rejected', 'check_out_before_check_in']);
  });

  it('when a batch replays wrong PINs they spend the PIN budget like the live kiosk: past it the rest are rejected too_many_attempts and kept out of the record, so they can be sent again', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'GUESS', 1, '4321');
    const kiosk = await newKiosk();
    const { pinMaxFailures } = env.config.throttle;
    const guesses = Array.from({ length: pinMaxFailures + 2 }, (_, i) =>
      entry(code, 'in', wib(MONDAY, `07:${String(10 + i).padStart(2, '0')}:00`), String(1000 + i)),
    );
    const batch = [...guesses, entry(code, 'in', wib(MONDAY, '07:59:00'), '4321')];
    const res = await send(kiosk.via[0], batch);
    assert.deepEqual(
      res.body.data.map((a: { result: string; code: string }) => `${a.result} ${a.code}`),
      [
        ...Array(pinMaxFailures).fill('rejected invalid_pin'),
        ...Array(batch.length - pinMaxFailures).fill('rejected too_many_attempts'),
      ],
    );
    assert.ok(res.body.data.at(-1).retry_after_seconds > 0);
    const live = await kiosk.via[1].post('/api/kiosk/check-in', { employee_code: code, pin: '4321' });
    assert.equal(live.status, 429, 'the live kiosk counts the replayed guesses too');
    assert.equal((await env.db('kiosk_punches').where({ device_id: kiosk.id })).length, pinMaxFailures);

    const again = await send(kiosk.via[1], batch);
    assert.deepEqual(
      again.body.data.map((a: { result: string; code: string }) => `${a.result} ${a.code}`),
      [
        ...Array(pinMaxFailures).fill('duplicate invalid_pin'),
        ...Array(batch.length - pinMaxFailures).fill('rejected too_many_attempts'),
      ],
    );
    assert.equal((await env.db('attendances').where({ user_id: await userId(code) })).length, 0);
  });

  it('when one wrong PIN is replayed over many codes, the kiosk budget stops it after PIN_MAX_FAILURES_PER_DEVICE', async () => {
    const codes = await createKioskEmployees(env.db, env.config, 'SPRAY', 25, '4321');
    const kiosk = await newKiosk();
    const { pinMaxFailuresPerDevice } = env.config.throttle;
    const res = await send(
      kiosk.via[0],
      codes.map((code) => entry(code, 'in', wib(MONDAY, '07:50:00'), '1111')),
    );
    assert.deepEqual(
      res.body.data.map((a: { code: string }) => a.code),
      [
        ...Array(pinMaxFailuresPerDevice).fill('invalid_pin'),
        ...Array(codes.length - pinMaxFailuresPerDevice).fill('too_many_attempts'),
      ],
    );
  });

  it("an admin lists a device's rejected entries newest first with the employee their code names; kiosks and employees may not", async () => {
    const [typo, known] = await createKioskEmployees(env.db, env.config, 'LIST', 2);
    const kiosk = await newKiosk();
    const batch = [
      entry(typo, 'in', wib(MONDAY, '07:56:00'), '9999'),
      entry(known, 'in', wib(MONDAY, '07:57:00')),
      entry('NOSUCH', 'in', wib(MONDAY, '07:58:00'), '1111'),
      entry(known, 'out', wib(MONDAY, '07:59:00'), '2222'),
    ];
    await send(kiosk.via[0], batch);
    const res = await app.admin.get(`/api/admin/devices/${kiosk.id}/punches?result=rejected&per_page=2`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.meta, { page: 1, per_page: 2, total: 3, last_page: 2 });
    assert.deepEqual(
      res.body.data.map(({ client_id, employee_code, employee, kind, at, result, code, attendance_id }: never) => ({
        client_id,
        employee_code,
        employee,
        kind,
        at,
        result,
        code,
        attendance_id,
      })),
      [
        {
          client_id: batch[3].client_id,
          employee_code: known,
          employee: { id: await userId(known), name: `Pegawai ${known}` },
          kind: 'out',
          at: batch[3].at,
          result: 'rejected',
          code: 'invalid_pin',
          attendance_id: null,
        },
        {
          client_id: batch[2].client_id,
          employee_code: 'NOSUCH',
          employee: null,
          kind: 'in',
          at: batch[2].at,
          result: 'rejected',
          code: 'invalid_pin',
          attendance_id: null,
        },
      ],
    );
    const all = await app.admin.get(`/api/admin/devices/${kiosk.id}/punches`);
    assert.deepEqual(
      all.body.data.map((p: { result: string }) => p.result),
      ['rejected', 'rejected', 'applied', 'rejected'],
    );
    assert.equal((await app.admin.get('/api/admin/devices/999999/punches')).status, 404);
    assert.equal((await kiosk.via[0].get(`/api/admin/devices/${kiosk.id}/punches`)).status, 401);
    const employee = await createEmployee(env.db, env.config, 'LISTWEB');
    const web = await new ApiClient(app.nodes[0].url).login(employee.email!, 'employee-pass-1');
    assert.equal((await web.get(`/api/admin/devices/${kiosk.id}/punches`)).status, 403);
  });

  it('a batch without a valid device token gets 401 and writes nothing', async () => {
    const stranger = new ApiClient(app.nodes[0].url).withBearer('not-a-device-token');
    const unchanged = await written();
    const res = await send(stranger, [entry('EMP001', 'in', wib(MONDAY, '07:50:00'))]);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'invalid_device_token');
    assert.deepEqual(await written(), unchanged);
  });
});
