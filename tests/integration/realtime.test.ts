import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Emitter } from '@socket.io/redis-emitter';
import pino from 'pino';
import { pruneOutbox } from '../../server/events/relay';
import { listEventsAfter } from '../../server/events/repository';
import type { RunningNode } from '../../server/node';
import { socketIoKey } from '../../server/realtime/admin-channel';
import { ADMIN_NAMESPACE, EVENT_TO_COALESCE } from '../../server/realtime/protocol';
import { createRedis } from '../../server/redis';
import { connectAdminSocket } from '../support/admin-socket';
import { ApiClient } from '../support/api-client';
import { startTestBroadcastWorker, startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee } from '../support/fixtures';
import { until } from '../support/poll';

describe('live events for admins', () => {
  let env: TestEnvironment;
  let nodes: RunningNode[];
  let worker: Awaited<ReturnType<typeof startTestBroadcastWorker>>;
  const clock = createTestClock('2026-11-23T00:30:00.000Z');
  let admin: ApiClient;
  let kiosk: ApiClient;
  let employeeCount = 0;

  before(async () => {
    env = await createTestEnvironment({ OUTBOX_RELAY_AFTER_SECONDS: '1' });
    // The second node keeps a 40 ms window even for one socket, so a burst published at once is seen coalesced.
    nodes = [await startTestNode(env, clock), await startTestNode(env, clock, { REALTIME_COALESCE_MS: '40' })];
    worker = await startTestBroadcastWorker(env, clock);
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(nodes[1].url).login(ADMIN.email, ADMIN.password);
    kiosk = new ApiClient(nodes[0].url).withBearer((await createDevice(env.db)).token);
  });

  after(async () => {
    await worker.close();
    await Promise.all(nodes.map((node) => node.shutdown('test done')));
    await env.cleanup();
  });

  async function newEmployeeCode() {
    employeeCount += 1;
    const code = `EMP${String(employeeCount).padStart(3, '0')}`;
    await createEmployee(env.db, env.config, code);
    return code;
  }

  it('an admin connected to one node receives attendance.created for a check-in made on another node', async () => {
    const socket = await connectAdminSocket(nodes[1].url, admin.cookie);
    try {
      const code = await newEmployeeCode();
      const checkIn = await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      assert.equal(checkIn.status, 201);
      const [event] = await socket.waitFor((events) =>
        events.some((e) => e.data && (e.data as { id: number }).id === checkIn.body.data.id),
      );
      assert.equal(event.type, 'attendance.created');
      assert.deepEqual(event.data, checkIn.body.data);
      assert.equal(typeof event.id, 'number');
      assert.equal(event.occurred_at, '2026-11-23T00:30:00.000Z');
    } finally {
      socket.close();
    }
  });

  it('a check-out reaches admins as attendance.updated with the higher version', async () => {
    const socket = await connectAdminSocket(nodes[0].url, admin.cookie, { transports: ['polling'] });
    try {
      const code = await newEmployeeCode();
      await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      const out = await kiosk.post('/api/kiosk/check-out', { employee_code: code, pin: '1234' });
      const events = await socket.waitFor((list) =>
        list.some((e) => e.type === 'attendance.updated' && (e.data as { id: number }).id === out.body.data.id),
      );
      const updated = events.find((e) => e.type === 'attendance.updated')!;
      assert.equal((updated.data as { version: number }).version, 2);
    } finally {
      socket.close();
    }
  });

  it('when check-ins arrive in a burst, an admin socket receives them coalesced in events.batch frames, every event exactly once, each batch in id order', async () => {
    const socket = await connectAdminSocket(nodes[1].url, admin.cookie);
    try {
      const codes = await Promise.all(Array.from({ length: 20 }, () => newEmployeeCode()));
      // With the workers stopped the events wait in the queue; a new worker then publishes them all at once, as in a rush.
      await worker.close();
      const checkIns = await Promise.all(
        codes.map((code) => kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' })),
      ).finally(async () => {
        worker = await startTestBroadcastWorker(env, clock);
      });
      assert.deepEqual(
        checkIns.map((r) => r.status),
        codes.map(() => 201),
      );
      const attendanceIds = new Set(checkIns.map((r) => r.body.data.id as number));
      const eventIds = (await listEventsAfter(env.db, 0, 10_000))
        .filter((e) => attendanceIds.has((e.data as { id: number }).id))
        .map((e) => e.id);
      assert.equal(eventIds.length, codes.length);

      await socket.waitFor((events) => eventIds.every((id) => events.some((e) => e.id === id)), 8000);
      const received = socket.events.map((e) => e.id).filter((id) => eventIds.includes(id));
      assert.deepEqual(
        [...received].sort((a, b) => a - b),
        [...eventIds].sort((a, b) => a - b),
        'every event exactly once',
      );
      const frames = socket.frames.filter((f) => f.ids.some((id) => eventIds.includes(id)));
      const batches = frames.filter((f) => f.type === 'events.batch');
      assert.ok(batches.length > 0, `coalesced: ${frames.length} frames for ${eventIds.length} events`);
      assert.ok(frames.length < eventIds.length / 2, `${frames.length} frames for ${eventIds.length} events`);
      for (const batch of batches) {
        assert.ok(batch.ids.length > 1, 'a batch of one is sent as its own type');
        assert.deepEqual(
          batch.ids,
          [...batch.ids].sort((a, b) => a - b),
          'a batch is in id order',
        );
      }
      const first = socket.events.find((e) => e.id === frames[0].ids[0])!;
      assert.equal(frames[0].type, first.type, 'the first event of the burst went out at once, on its own');
    } finally {
      socket.close();
    }
  });

  it('the first event after a quiet spell reaches admins at once, on its own; the next ones wait for the window to end', async () => {
    const window = 1000;
    const slowNode = await startTestNode(env, clock, {
      REALTIME_COALESCE_MS: String(window),
      REALTIME_COALESCE_MAX_MS: String(window),
    });
    const socket = await connectAdminSocket(slowNode.url, admin.cookie);
    try {
      const codes = [await newEmployeeCode(), await newEmployeeCode(), await newEmployeeCode()];
      const eventOf = (attendanceId: number) =>
        socket.events.find((e) => (e.data as { id?: number }).id === attendanceId);
      const frameOf = (eventId: number) => socket.frames.find((f) => f.ids.includes(eventId));
      const started = performance.now();
      const first = await kiosk.post('/api/kiosk/check-in', { employee_code: codes[0], pin: '1234' });
      await socket.waitFor(() => eventOf(first.body.data.id) !== undefined, window);
      const firstAfter = performance.now() - started;
      assert.ok(
        firstAfter < window,
        `the first event arrived after ${Math.round(firstAfter)} ms, not held for the ${window} ms window`,
      );
      assert.deepEqual(frameOf(eventOf(first.body.data.id)!.id), {
        type: 'attendance.created',
        ids: [eventOf(first.body.data.id)!.id],
      });

      const next = await Promise.all(
        codes.slice(1).map((code) => kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' })),
      );
      await socket.waitFor(() => next.every((r) => eventOf(r.body.data.id) !== undefined), 3 * window);
      assert.ok(performance.now() - started >= window, 'the events within the window waited for its end');
      const [second, third] = next.map((r) => eventOf(r.body.data.id)!.id);
      assert.equal(frameOf(second)!.type, 'events.batch');
      assert.equal(frameOf(second), frameOf(third), 'both in one frame');
    } finally {
      socket.close();
      await slowNode.shutdown('test done');
    }
  });

  it('a message through the adapter that is not an event is ignored, and the next event still arrives', async () => {
    const socket = await connectAdminSocket(nodes[0].url, admin.cookie);
    const redis = createRedis(env.config.redisUrl);
    try {
      const emitter = new Emitter(redis, { key: socketIoKey(env.config) }).of(ADMIN_NAMESPACE);
      for (const junk of ['not json', { id: 'x' }, [1, 2]]) emitter.serverSideEmit(EVENT_TO_COALESCE, junk);
      const res = await kiosk.post('/api/kiosk/check-in', { employee_code: await newEmployeeCode(), pin: '1234' });
      await socket.waitFor((events) => events.some((e) => (e.data as { id?: number }).id === res.body.data.id));
      assert.ok(socket.events.every((e) => typeof e.id === 'number' && typeof e.type === 'string'));
    } finally {
      socket.close();
      redis.disconnect();
    }
  });

  it('a socket without a session, or with an employee session, is refused with connect_error unauthorized', async () => {
    await assert.rejects(connectAdminSocket(nodes[0].url, undefined), { message: 'unauthorized' });
    await createEmployee(env.db, env.config, 'EMP777');
    const employee = await new ApiClient(nodes[0].url).login('emp777@test.local', 'employee-pass-1');
    await assert.rejects(connectAdminSocket(nodes[0].url, employee.cookie), { message: 'unauthorized' });
  });

  it('a socket handshake from a foreign Origin is refused', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(`${nodes[0].url}/admin`, {
      transports: ['polling'],
      extraHeaders: { cookie: admin.cookie!, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.ok(error);
  });

  it('an event committed while no worker could enqueue it (the node died after commit) is still delivered by the relay', async () => {
    const socket = await connectAdminSocket(nodes[0].url, admin.cookie);
    try {
      const committedAt = new Date(clock().getTime() - 10_000);
      // An attendance as a real change would carry it: the admin socket holds every event to the API description.
      const checkedIn = await kiosk.post('/api/kiosk/check-in', {
        employee_code: await newEmployeeCode(),
        pin: '1234',
      });
      const payload = { ...checkedIn.body.data, version: 7 };
      const [id] = await env.db('outbox').insert({
        type: 'attendance.updated',
        payload: JSON.stringify(payload),
        created_at: committedAt,
      });
      const events = await socket.waitFor((list) => list.some((e) => e.id === Number(id)), 8000);
      assert.deepEqual(events.find((e) => e.id === Number(id))!.data, payload);
      // Marks are written a batch at a time, a moment after the publish.
      await until(async () => (await env.db('outbox').where({ id }).first()).published_at !== null, {
        what: 'the relayed event is marked published',
        timeoutMs: 5000,
      });
    } finally {
      socket.close();
    }
  });

  it('after a reconnect an admin catches up with GET /api/admin/events?after=, oldest first', async () => {
    const before = await admin.get('/api/attendances/today');
    const lastSeen = before.body.meta.last_event_id;
    const codes = [await newEmployeeCode(), await newEmployeeCode()];
    for (const code of codes) await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
    const missed = await admin.get(`/api/admin/events?after=${lastSeen}`);
    assert.equal(missed.status, 200);
    const ids = missed.body.data.map((e: { id: number }) => e.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.deepEqual(
      missed.body.data.map((e: { data: { user: { employee_code: string } } }) => e.data.user.employee_code),
      codes,
    );
    assert.equal(missed.body.meta.next_after, ids.at(-1));
    assert.equal(missed.body.meta.has_more, false);
    const employee = await new ApiClient(nodes[0].url).login('emp777@test.local', 'employee-pass-1');
    assert.equal((await employee.get('/api/admin/events?after=0')).status, 403);
  });

  it('when the events after the given id were pruned, catch-up answers 410 events_expired so the page reloads its snapshot', async () => {
    const code = await newEmployeeCode();
    await kiosk.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
    await env.db('outbox').whereNull('published_at').update({ published_at: clock() });
    clock.advance(100 * 3600_000);
    await pruneOutbox({ db: env.db, clock, logger: pino({ level: 'silent' }) }, 72);
    clock.advance(-100 * 3600_000);
    await kiosk.post('/api/kiosk/check-in', { employee_code: await newEmployeeCode(), pin: '1234' });
    const expired = await admin.get('/api/admin/events?after=1');
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error.code, 'events_expired');
    const invalid = await admin.get('/api/admin/events?after=-5&limit=5000');
    assert.equal(invalid.status, 400);
  });
});
