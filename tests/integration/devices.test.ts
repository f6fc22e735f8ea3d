import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { parseDatabaseUrl } from '../../server/db/knex';
import { registerClusterMetrics } from '../../server/metrics/cluster-metrics';
import { createRegistry } from '../../server/metrics/registry';
import type { RunningNode } from '../../server/node';
import { connectAdminSocket } from '../support/admin-socket';
import { ApiClient } from '../support/api-client';
import { startTestBroadcastWorker, startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { forgetHeartbeatWindow, runMonitor } from '../support/devices';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createKioskEmployees } from '../support/fixtures';

const T0 = '2026-11-23T01:00:00.000Z';
const seconds = (n: number) => n * 1000;

describe('device presence', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let worker: Awaited<ReturnType<typeof startTestBroadcastWorker>>;
  const clock = createTestClock(T0);
  let admin: ApiClient;
  let deviceCount = 0;

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env, clock);
    worker = await startTestBroadcastWorker(env, clock);
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await worker.close();
    await node.shutdown('test done');
    await env.cleanup();
  });

  beforeEach(() => clock.set(T0));

  /** A kiosk registered through the admin API, as an operator would. */
  async function registerKiosk(fields: Record<string, unknown> = {}) {
    deviceCount += 1;
    const res = await admin.post('/api/admin/devices', { name: `Kiosk ${deviceCount}`, location: 'Lobi', ...fields });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return {
      id: res.body.data.device.id as number,
      token: res.body.data.token as string,
      client: new ApiClient(node.url).withBearer(res.body.data.token),
    };
  }
  const beat = (kiosk: { client: ApiClient }, body: unknown = {}) => kiosk.client.post('/api/devices/heartbeat', body);
  async function beatAgain(kiosk: { id: number; client: ApiClient }, body: unknown = {}) {
    await forgetHeartbeatWindow(env, kiosk.id);
    return beat(kiosk, body);
  }
  const deviceRow = (id: number) => env.db('devices').where({ id }).first();
  /** Runs the monitor and, once it has locked and read the kiosk, sends a heartbeat; `until` says how far that heartbeat must get before the monitor goes on. */
  async function heartbeatWhileMonitorHolds(
    kiosk: { id: number; client: ApiClient },
    until: (heartbeat: Promise<unknown>) => Promise<unknown>,
  ) {
    let heartbeat: ReturnType<typeof beat> | undefined;
    await runMonitor(node.ctx, {
      whileLocked: async (rows) => {
        if (!rows.some((row) => row.id === kiosk.id)) return;
        await forgetHeartbeatWindow(env, kiosk.id);
        heartbeat = beat(kiosk);
        await until(heartbeat);
      },
    });
    return heartbeat!;
  }
  const history = async (id: number) =>
    (await admin.get(`/api/admin/devices/${id}/events?per_page=100`)).body.data.reverse();

  describe('heartbeats', () => {
    it("the kiosk operators' curl works as written: 200, connected, should_reconnect false and reconnect_delay_seconds null", async () => {
      const kiosk = await registerKiosk();
      const res = await kiosk.client.request('POST', '/api/devices/heartbeat', '{"battery_level": 85}', {
        'content-type': 'application/json',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        success: true,
        status: 'connected',
        server_time: T0,
        next_heartbeat_seconds: 30,
        should_reconnect: false,
        reconnect_delay_seconds: null,
        remote_control_enabled: false,
      });
      const row = await deviceRow(kiosk.id);
      assert.equal(row.battery_level, 85);
      assert.equal(row.last_heartbeat_at.toISOString(), T0);
    });

    it('a registered device that never sent a heartbeat is disconnected, and its first heartbeat makes it connected', async () => {
      const kiosk = await registerKiosk();
      const listed = (await admin.get('/api/admin/devices')).body.data.find((d: { id: number }) => d.id === kiosk.id);
      assert.equal(listed.status, 'disconnected');
      assert.equal(listed.seconds_since_heartbeat, null);
      assert.equal('token' in listed || 'token_hash' in listed, false, 'the token is shown once, at creation');
      await beat(kiosk);
      assert.deepEqual(
        (await history(kiosk.id)).map(
          (e: { from_status: string; to_status: string; reason: string; source: string }) => [
            e.from_status,
            e.to_status,
            e.reason,
            e.source,
          ],
        ),
        [['disconnected', 'connected', 'heartbeat_received', 'device']],
      );
    });

    it('a second heartbeat within 10 s gets 429 with Retry-After and changes neither the status nor the last heartbeat', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk, { battery_level: 50 });
      clock.advance(seconds(3));
      const again = await beat(kiosk, { battery_level: 10 });
      assert.equal(again.status, 429);
      assert.equal(again.body.error.code, 'heartbeat_rate_limited');
      const retryAfter = Number(again.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After ${retryAfter}`);
      const row = await deviceRow(kiosk.id);
      assert.equal(row.battery_level, 50);
      assert.equal(row.last_heartbeat_at.toISOString(), T0);
    });

    it('at most ten heartbeats a minute are accepted, even when each comes after its 10 s window', async () => {
      const kiosk = await registerKiosk();
      for (let i = 0; i < 10; i++) assert.equal((await beatAgain(kiosk)).status, 200, `heartbeat ${i + 1}`);
      const eleventh = await beatAgain(kiosk);
      assert.equal(eleventh.status, 429);
    });

    it('an unknown token gets 401, and a malformed body gets 400 naming the fields without touching the device', async () => {
      const stranger = await new ApiClient(node.url).withBearer('not-a-device').post('/api/devices/heartbeat', {});
      assert.equal(stranger.status, 401);
      assert.equal(stranger.body.error.code, 'invalid_device_token');
      assert.equal((await new ApiClient(node.url).post('/api/devices/heartbeat', {})).status, 401);
      const kiosk = await registerKiosk();
      const bad = await beat(kiosk, { battery_level: 150, wifi_strength: 'strong', app_version: '' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), [
        'app_version',
        'battery_level',
        'wifi_strength',
      ]);
      assert.equal((await deviceRow(kiosk.id)).status, 'disconnected');
      const notAnObject = await kiosk.client.request('POST', '/api/devices/heartbeat', '[1,2]', {
        'content-type': 'application/json',
      });
      assert.equal(notAnObject.status, 400);
    });

    it('an admin sees the newest heartbeat and telemetry of a connected device at once, though they reach MariaDB in batches', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk, { battery_level: 90 });
      clock.advance(seconds(12));
      assert.equal(
        (await beatAgain(kiosk, { battery_level: 33, wifi_strength: -70, app_version: '3.0.0' })).status,
        200,
      );
      const shown = (await admin.get(`/api/admin/devices/${kiosk.id}`)).body.data;
      assert.deepEqual(
        [shown.last_heartbeat_at, shown.battery_level, shown.wifi_strength, shown.app_version],
        [clock().toISOString(), 33, -70, '3.0.0'],
      );
    });

    it('fields a kiosk app sends beyond those we keep are ignored, not refused', async () => {
      const kiosk = await registerKiosk();
      const res = await beat(kiosk, { battery_level: 70, screen: 'on', uptime_seconds: 1234 });
      assert.equal(res.status, 200);
    });
  });

  describe('the monitor', () => {
    it('moves a silent device down the tiers exactly at its thresholds, and only a heartbeat brings it back', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      const statusAfter = async (secondsSilent: number) => {
        clock.set(new Date(Date.parse(T0) + seconds(secondsSilent)).toISOString());
        await runMonitor(node.ctx);
        return (await deviceRow(kiosk.id)).status;
      };
      assert.equal(await statusAfter(40), 'connected');
      assert.equal(await statusAfter(41), 'temporarily_offline');
      assert.equal(await statusAfter(300), 'temporarily_offline');
      assert.equal(await statusAfter(301), 'disconnected');
      assert.equal(await statusAfter(4000), 'disconnected');
      const back = await beatAgain(kiosk);
      assert.equal(back.body.status, 'connected');
      assert.deepEqual(
        (await history(kiosk.id)).map(
          (e: { to_status: string; reason: string; source: string }) => `${e.to_status}/${e.reason}/${e.source}`,
        ),
        [
          'connected/heartbeat_received/device',
          'temporarily_offline/heartbeat_missed/system',
          'disconnected/heartbeat_lost/system',
          'connected/heartbeat_received/device',
        ],
      );
    });

    it("honours each device's own thresholds, and a device silent past disconnect_after while the monitor was away goes straight to disconnected", async () => {
      const patient = await registerKiosk({
        heartbeat_interval_seconds: 60,
        offline_after_seconds: 120,
        disconnect_after_seconds: 600,
      });
      const strict = await registerKiosk();
      await beat(patient);
      await beat(strict);
      clock.advance(seconds(100));
      await runMonitor(node.ctx);
      assert.equal((await deviceRow(patient.id)).status, 'connected');
      assert.equal((await deviceRow(strict.id)).status, 'temporarily_offline');
      const late = await registerKiosk();
      await beat(late);
      clock.advance(seconds(1000));
      await runMonitor(node.ctx);
      const lateHistory = await history(late.id);
      assert.deepEqual(`${lateHistory.at(-1).from_status}>${lateHistory.at(-1).to_status}`, 'connected>disconnected');
    });

    it('a dry run reports what it would change and changes nothing', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(60));
      const { changes } = await runMonitor(node.ctx, { dryRun: true });
      assert.ok(
        changes.some(
          (c) => c.device_id === kiosk.id && c.to_status === 'temporarily_offline' && c.seconds_since_heartbeat === 60,
        ),
      );
      assert.equal((await deviceRow(kiosk.id)).status, 'connected');
    });

    it('when a heartbeat arrives after the monitor has read the device and before it moves it offline, the device stays connected', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(45));
      const answer = await heartbeatWhileMonitorHolds(kiosk, (heartbeat) => heartbeat);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'connected');
      const listed = (await admin.get(`/api/admin/devices/${kiosk.id}`)).body.data;
      assert.equal(listed.status, 'connected');
      assert.equal(listed.last_heartbeat_at, clock().toISOString());
      assert.deepEqual(
        (await history(kiosk.id)).map((e: { to_status: string; source: string }) => `${e.to_status}/${e.source}`),
        ['connected/device'],
        'no offline/online flap in the history',
      );
    });

    it('when a heartbeat of an offline device arrives while the monitor holds it and is disconnecting it, the device ends up connected', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(45));
      await runMonitor(node.ctx);
      clock.advance(seconds(300));
      const answer = await heartbeatWhileMonitorHolds(kiosk, () => waitForLockWait(env));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'connected');
      const row = await deviceRow(kiosk.id);
      assert.equal(row.status, 'connected');
      assert.equal(row.last_heartbeat_at.toISOString(), clock().toISOString());
      assert.deepEqual(
        (await history(kiosk.id)).map((e: { to_status: string; source: string }) => `${e.to_status}/${e.source}`),
        ['connected/device', 'temporarily_offline/system', 'disconnected/system', 'connected/device'],
      );
    });

    it('judges a device by the heartbeats Redis has recorded but MariaDB has not seen yet, in a dry run too', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(30));
      assert.equal((await beatAgain(kiosk)).status, 200);
      clock.advance(seconds(20)); // 50 s after the first heartbeat, 20 s after the second
      const dryRun = await runMonitor(node.ctx, { dryRun: true });
      assert.equal(
        dryRun.changes.some((c) => c.device_id === kiosk.id),
        false,
      );
      await runMonitor(node.ctx);
      assert.equal((await deviceRow(kiosk.id)).status, 'connected');
    });

    it('the monitor skips a device whose row a heartbeat is writing, instead of judging it on stale data', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(45));
      const trx = await env.db.transaction();
      try {
        await trx('devices').where({ id: kiosk.id }).forUpdate().first();
        const { changes } = await runMonitor(node.ctx);
        assert.equal(
          changes.some((c) => c.device_id === kiosk.id),
          false,
        );
        await trx('devices').where({ id: kiosk.id }).update({ last_heartbeat_at: clock() });
        await trx.commit();
      } catch (error) {
        await trx.rollback();
        throw error;
      }
      await runMonitor(node.ctx);
      assert.equal((await deviceRow(kiosk.id)).status, 'connected');
    });
  });

  describe('reconnect signalling', () => {
    it('the next heartbeat carries a requested reconnect once, then it clears; both steps are in the history', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      const requested = await admin.post(`/api/admin/devices/${kiosk.id}/reconnect`, { delay_seconds: 15 });
      assert.equal(requested.status, 200);
      assert.equal(requested.body.data.should_reconnect, true);
      const delivered = await beatAgain(kiosk);
      assert.equal(delivered.body.should_reconnect, true);
      assert.equal(delivered.body.reconnect_delay_seconds, 15);
      const after = await beatAgain(kiosk);
      assert.equal(after.body.should_reconnect, false);
      assert.equal(after.body.reconnect_delay_seconds, null);
      const reasons = (await history(kiosk.id)).map(
        (e: { reason: string; source: string }) => `${e.reason}/${e.source}`,
      );
      assert.deepEqual(reasons.slice(-2), ['reconnect_requested/admin', 'reconnect_delivered/device']);
    });

    it('a reconnect request for an unknown device is 404 and a bad delay is 400', async () => {
      assert.equal((await admin.post('/api/admin/devices/999999/reconnect', {})).status, 404);
      const kiosk = await registerKiosk();
      const bad = await admin.post(`/api/admin/devices/${kiosk.id}/reconnect`, { delay_seconds: -1 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.details[0].path, 'delay_seconds');
    });
  });

  describe('the external ping service', () => {
    let service: ApiClient;
    before(() => {
      service = new ApiClient(node.url).withBearer(env.config.serviceToken);
    });

    it('lists the devices that missed a beat, and a ping never overrides a heartbeat younger than the interval', async () => {
      const fresh = await registerKiosk();
      const stale = await registerKiosk();
      await beat(fresh);
      await beat(stale);
      clock.advance(seconds(20));
      await forgetHeartbeatWindow(env, fresh.id);
      await beat(fresh);
      clock.advance(seconds(15)); // fresh: 15 s old, stale: 35 s old, interval 30 s
      const needing = (await service.get('/api/admin/external-service/devices-needing-ping')).body.data.map(
        (d: { id: number }) => d.id,
      );
      assert.ok(needing.includes(stale.id));
      assert.equal(needing.includes(fresh.id), false);
      const refused = await service.post('/api/admin/external-service/ping', { device_id: fresh.id, reachable: false });
      assert.deepEqual(refused.body, {
        success: true,
        device_id: fresh.id,
        applied: false,
        reason: 'heartbeat_recent',
        status: 'connected',
      });
      assert.equal((await deviceRow(fresh.id)).status, 'connected');
    });

    it('a failed ping on a stale connected device moves it to temporarily_offline at once; a successful one is only recorded', async () => {
      const failing = await registerKiosk();
      const answering = await registerKiosk();
      await beat(failing);
      await beat(answering);
      clock.advance(seconds(35));
      const failed = await service.post('/api/admin/external-service/ping', {
        device_id: failing.id,
        reachable: false,
        latency_ms: 0,
      });
      assert.deepEqual(failed.body, {
        success: true,
        device_id: failing.id,
        applied: true,
        reason: 'status_changed',
        status: 'temporarily_offline',
      });
      assert.deepEqual((await history(failing.id)).at(-1), {
        ...(await history(failing.id)).at(-1),
        to_status: 'temporarily_offline',
        reason: 'ping_failed',
        source: 'external_service',
      });
      const ok = await service.post('/api/admin/external-service/ping', {
        device_id: answering.id,
        reachable: true,
        latency_ms: 12,
      });
      assert.deepEqual(ok.body, {
        success: true,
        device_id: answering.id,
        applied: true,
        reason: 'recorded',
        status: 'connected',
      });
      const row = await deviceRow(answering.id);
      assert.equal(Boolean(row.last_ping_ok), true);
      assert.equal(row.last_ping_at.toISOString(), clock().toISOString());
    });

    it('a batch answers per item, unknown devices included; more than 500 results or a bad item is 400 and applies nothing', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      clock.advance(seconds(35));
      const batch = await service.post('/api/admin/external-service/ping-batch', {
        results: [
          { device_id: kiosk.id, reachable: true },
          { device_id: 987654, reachable: false },
        ],
      });
      assert.deepEqual(
        batch.body.data.map((a: { applied: boolean; reason: string }) => `${a.applied}/${a.reason}`),
        ['true/recorded', 'false/device_not_found'],
      );
      const tooMany = await service.post('/api/admin/external-service/ping-batch', {
        results: Array.from({ length: 501 }, () => ({ device_id: kiosk.id, reachable: false })),
      });
      assert.equal(tooMany.status, 400);
      const mixed = await service.post('/api/admin/external-service/ping-batch', {
        results: [
          { device_id: kiosk.id, reachable: false },
          { device_id: 'x', reachable: 'no' },
        ],
      });
      assert.equal(mixed.status, 400);
      assert.equal(
        (await deviceRow(kiosk.id)).status,
        'connected',
        'the valid item of a refused batch was not applied',
      );
    });

    it('the service endpoints refuse a wrong token and an admin session alike', async () => {
      assert.equal(
        (await new ApiClient(node.url).withBearer('wrong').get('/api/admin/external-service/devices-needing-ping'))
          .status,
        401,
      );
      assert.equal((await admin.get('/api/admin/external-service/devices-needing-ping')).status, 401);
    });
  });

  describe('the admin device API', () => {
    it('refuses thresholds out of order or out of bounds with 400 naming the field, and writes nothing', async () => {
      const before = (await admin.get('/api/admin/devices')).body.data.length;
      const cases: [Record<string, unknown>, string][] = [
        [{ offline_after_seconds: 30 }, 'offline_after_seconds'],
        [{ offline_after_seconds: 400 }, 'disconnect_after_seconds'],
        [{ heartbeat_interval_seconds: 2 }, 'heartbeat_interval_seconds'],
        [{ disconnect_after_seconds: -5 }, 'disconnect_after_seconds'],
        [{ name: '' }, 'name'],
      ];
      for (const [fields, path] of cases) {
        const res = await admin.post('/api/admin/devices', { name: 'Kiosk X', ...fields });
        assert.equal(res.status, 400, JSON.stringify(fields));
        assert.ok(
          res.body.error.details.some((d: { path: string }) => d.path === path),
          `${JSON.stringify(fields)} → ${JSON.stringify(res.body.error.details)}`,
        );
      }
      assert.equal((await admin.get('/api/admin/devices')).body.data.length, before);
      const kiosk = await registerKiosk();
      const badEdit = await admin.patch(`/api/admin/devices/${kiosk.id}`, { disconnect_after_seconds: 35 });
      assert.equal(badEdit.status, 400);
      const goodEdit = await admin.patch(`/api/admin/devices/${kiosk.id}`, {
        offline_after_seconds: 90,
        remote_control_enabled: true,
      });
      assert.equal(goodEdit.body.data.offline_after_seconds, 90);
      assert.equal((await beat(kiosk)).body.remote_control_enabled, true);
    });

    it('a kiosk cannot be told to beat more often than the heartbeat limit accepts: under 10 s is refused on create and on edit, 10 s is accepted', async () => {
      const thresholds = { offline_after_seconds: 20, disconnect_after_seconds: 60 };
      const tooOften = await admin.post('/api/admin/devices', {
        name: 'Kiosk Cepat',
        heartbeat_interval_seconds: 9,
        ...thresholds,
      });
      assert.equal(tooOften.status, 400);
      assert.equal(tooOften.body.error.code, 'validation_failed');
      assert.deepEqual(
        tooOften.body.error.details.map((d: { path: string }) => d.path),
        ['heartbeat_interval_seconds'],
      );

      const kiosk = await registerKiosk({ heartbeat_interval_seconds: 10, ...thresholds });
      assert.equal((await beat(kiosk)).body.next_heartbeat_seconds, 10, 'the kiosk is told to beat every 10 s');
      const edit = await admin.patch(`/api/admin/devices/${kiosk.id}`, { heartbeat_interval_seconds: 5 });
      assert.equal(edit.status, 400);
      assert.deepEqual(
        edit.body.error.details.map((d: { path: string }) => d.path),
        ['heartbeat_interval_seconds'],
      );
      assert.equal((await deviceRow(kiosk.id)).heartbeat_interval_seconds, 10, 'the refused edit changed nothing');
    });

    it('rotating a token revokes the old one at once, and the cache of other devices is left alone', async () => {
      const rotated = await registerKiosk();
      const other = await registerKiosk();
      await beat(rotated);
      await beat(other);
      const redis = new Redis(env.config.redisUrl);
      let newToken: string;
      try {
        const cachedBefore = await redis.keys(`${env.config.redisPrefix}:dev:token:*`);
        const res = await admin.post(`/api/admin/devices/${rotated.id}/rotate-token`, {});
        assert.equal(res.status, 200);
        newToken = res.body.data.token;
        assert.notEqual(newToken, rotated.token);
        const cachedAfter = await redis.keys(`${env.config.redisPrefix}:dev:token:*`);
        assert.equal(cachedAfter.length, cachedBefore.length - 1, 'only the rotated device left the cache');
      } finally {
        redis.disconnect();
      }
      await forgetHeartbeatWindow(env, rotated.id);
      assert.equal((await beat(rotated)).status, 401);
      await forgetHeartbeatWindow(env, rotated.id);
      assert.equal((await new ApiClient(node.url).withBearer(newToken).post('/api/devices/heartbeat', {})).status, 200);
      await forgetHeartbeatWindow(env, other.id);
      assert.equal((await beat(other)).status, 200);
    });

    it('deleting a device revokes its token, removes it from the list, and its past attendances still name it', async () => {
      const kiosk = await registerKiosk({ name: 'Kiosk Lama' });
      const [code] = await createKioskEmployees(env.db, env.config, 'DEL', 1);
      const checkIn = await kiosk.client.post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      assert.equal(checkIn.status, 201);
      assert.equal((await admin.request('DELETE', `/api/admin/devices/${kiosk.id}`)).status, 204);
      assert.equal((await beat(kiosk)).status, 401);
      assert.equal((await kiosk.client.post('/api/kiosk/check-out', { employee_code: code, pin: '1234' })).status, 401);
      assert.equal(
        (await admin.get('/api/admin/devices')).body.data.some((d: { id: number }) => d.id === kiosk.id),
        false,
      );
      assert.equal((await admin.get(`/api/admin/devices/${kiosk.id}`)).status, 404);
      const today = (await admin.get('/api/attendances/today')).body.data.find(
        (a: { id: number }) => a.id === checkIn.body.data.id,
      );
      assert.deepEqual(today.device, { id: kiosk.id, name: 'Kiosk Lama' });
    });

    it('the event history pages newest first, and an employee cannot reach the device API', async () => {
      const kiosk = await registerKiosk();
      await beat(kiosk);
      await admin.post(`/api/admin/devices/${kiosk.id}/reconnect`, {});
      const page = await admin.get(`/api/admin/devices/${kiosk.id}/events?per_page=1`);
      assert.equal(page.body.meta.total, 2);
      assert.equal(page.body.data[0].reason, 'reconnect_requested');
      assert.equal((await new ApiClient(node.url).get('/api/admin/devices')).status, 401);
    });
  });

  it('admins receive device.status_changed with from, to and reason when a device comes up', async () => {
    const socket = await connectAdminSocket(node.url, admin.cookie);
    try {
      const kiosk = await registerKiosk();
      await beat(kiosk, { battery_level: 77 });
      const events = await socket.waitFor((list) =>
        list.some((e) => e.type === 'device.status_changed' && (e.data as { id: number }).id === kiosk.id),
      );
      const event = events.find(
        (e) => e.type === 'device.status_changed' && (e.data as { id: number }).id === kiosk.id,
      )!;
      const data = event.data as Record<string, unknown>;
      assert.deepEqual(
        [data.from_status, data.to_status, data.reason, data.source, data.status, data.battery_level],
        ['disconnected', 'connected', 'heartbeat_received', 'device', 'connected', 77],
      );
    } finally {
      socket.close();
    }
  });

  it('metrics count heartbeats by result and under their route, and transitions', async () => {
    const kiosk = await registerKiosk();
    await beat(kiosk);
    await beat(kiosk);
    await new ApiClient(node.url).withBearer('nope').post('/api/devices/heartbeat', {});
    const text = String((await new ApiClient(node.url).get('/metrics')).body);
    for (const result of ['accepted', 'rate_limited', 'unauthorized'])
      assert.match(text, new RegExp(`absensi_device_heartbeats_total\\{result="${result}"[^}]*\\} [1-9]`));
    for (const status of ['200', '429', '401'])
      assert.match(
        text,
        new RegExp(
          `absensi_http_request_duration_seconds_count\\{[^}]*route="/api/devices/heartbeat"[^}]*status="${status}"[^}]*\\} [1-9]`,
        ),
      );
    assert.match(
      text,
      /absensi_device_status_transitions_total\{from="disconnected",to="connected",source="device"[^}]*\} [1-9]/,
    );
  });

  it('the devices by status are counted cluster-wide, for the scheduler to export, not by every app node', async () => {
    await beat(await registerKiosk());
    const appNodeText = String((await new ApiClient(node.url).get('/metrics')).body);
    assert.doesNotMatch(appNodeText, /absensi_devices\b/);
    const registry = createRegistry({ ...env.config, nodeId: 'test-scheduler' });
    registerClusterMetrics(registry, { db: env.db, clock });
    const text = await registry.metrics();
    const connected = await env.db('devices').whereNull('deleted_at').where({ status: 'connected' }).count({ n: '*' });
    assert.match(
      text,
      new RegExp(`^absensi_devices\\{status="connected",node="test-scheduler"\\} ${connected[0]!.n}$`, 'm'),
    );
    assert.match(text, /^absensi_outbox_lag_seconds\{node="test-scheduler"\} \d/m);
  });
});

/** Waits until the racing heartbeat's locking read of the device row is inside the database, blocked on the monitor's lock. */
async function waitForLockWait(env: TestEnvironment) {
  const { database } = parseDatabaseUrl(env.config.databaseUrl);
  for (let i = 0; i < 500; i++) {
    const [rows] = await env.db.raw(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'select % from `devices` %for update'",
      [database],
    );
    if (Number(rows[0].n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the heartbeat never reached the locked device row');
}
