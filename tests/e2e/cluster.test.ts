import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type AdminSocket, connectAdminSocket } from '../support/admin-socket';
import { ApiClient } from '../support/api-client';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { startTestCluster, type TestCluster } from '../support/test-cluster';

/**
 * The whole product as real processes: four app nodes, two broadcast workers,
 * the scheduler and nginx, on a database and Redis prefix of their own.
 */
describe('the four-node cluster', () => {
  let env: TestEnvironment;
  let cluster: TestCluster;
  let admin: ApiClient;
  let deviceToken: string;
  const output = new PassThrough();
  const recent: string[] = [];
  output.on('data', (chunk: Buffer) => recent.push(...chunk.toString().split('\n').filter(Boolean).slice(-50)));

  before(async () => {
    env = await createTestEnvironment({
      LOG_LEVEL: 'warn',
      OUTBOX_RELAY_AFTER_SECONDS: '2',
      DEVICE_MONITOR_INTERVAL_SECONDS: '1',
    });
    await createAdmin(env.db, env.config);
    deviceToken = (await createDevice(env.db, 'Kiosk E2E')).token;
    cluster = await startTestCluster(env, { logs: output });
    admin = await new ApiClient(cluster.nodes[0].url).login(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await cluster?.stop();
    await env.cleanup();
  });

  const kioskOn = (baseUrl: string) => new ApiClient(baseUrl).withBearer(deviceToken);
  const eventFor = (socket: AdminSocket, attendanceId: number) =>
    socket.waitFor((events) => events.some((e) => (e.data as { id?: number }).id === attendanceId), 10_000);

  it('a check-in on node 1 reaches an admin socket connected to node 3', async () => {
    const [code] = await createKioskEmployees(env.db, env.config, 'ONE', 1);
    const socket = await connectAdminSocket(cluster.nodes[2].url, admin.cookie);
    try {
      const res = await kioskOn(cluster.nodes[0].url).post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      assert.equal(res.status, 201);
      await eventFor(socket, res.body.data.id);
      assert.deepEqual(socket.events.find((e) => e.type === 'attendance.created')!.data, res.body.data);
    } finally {
      socket.close();
    }
  });

  it('when 20 check-ins of one employee race over the four nodes, one gets 201 and nineteen get 409', async () => {
    const employee = await createEmployee(env.db, env.config, 'RACE01');
    const sessions = await Promise.all(
      cluster.nodes.map((node) => new ApiClient(node.url).login(employee.email!, 'employee-pass-1')),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sessions[i % 4].post('/api/attendances/check-in')),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, ...Array(19).fill(409)]);
    assert.ok(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'already_checked_in'));
  });

  it('through nginx on one port: the API, a WebSocket admin and a polling-only admin all work', async () => {
    const viaNginx = await new ApiClient(cluster.nginxUrl).login(ADMIN.email, ADMIN.password);
    const [websocket, polling] = await Promise.all([
      connectAdminSocket(cluster.nginxUrl, viaNginx.cookie, { transports: ['websocket'] }),
      connectAdminSocket(cluster.nginxUrl, viaNginx.cookie, { transports: ['polling'] }),
    ]);
    try {
      const [code] = await createKioskEmployees(env.db, env.config, 'NGX', 1);
      const res = await kioskOn(cluster.nginxUrl).post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      assert.equal(res.status, 201);
      await Promise.all([eventFor(websocket, res.body.data.id), eventFor(polling, res.body.data.id)]);
      assert.equal(
        (await new ApiClient(cluster.nginxUrl).get('/metrics')).status,
        404,
        'nginx does not expose /metrics',
      );
      const page = await new ApiClient(cluster.nginxUrl).get('/');
      assert.match(
        page.headers.get('content-security-policy') ?? '',
        /script-src 'self'/,
        "the page through nginx carries the app's CSP",
      );
    } finally {
      websocket.close();
      polling.close();
    }
  });

  it('when a broadcast worker is SIGKILLed while 150 events flow, every event still reaches the admin once the workers are back', async () => {
    const codes = await createKioskEmployees(env.db, env.config, 'KIL', 150);
    const socket = await connectAdminSocket(cluster.nodes[1].url, admin.cookie);
    try {
      const kiosks = cluster.nodes.map((node) => kioskOn(node.url));
      const ids: number[] = [];
      const checkInAll = async (slice: string[], offset: number) => {
        for (const [i, code] of slice.entries()) {
          const res = await kiosks[(offset + i) % 4].post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
          assert.equal(res.status, 201);
          ids.push(res.body.data.id);
        }
      };
      await checkInAll(codes.slice(0, 50), 0);
      await cluster.kill('broadcast-1', 'SIGKILL');
      await checkInAll(codes.slice(50, 100), 50);
      await cluster.kill('broadcast-2', 'SIGKILL');
      await checkInAll(codes.slice(100), 100); // no worker at all: these wait in the queue and the outbox
      await Promise.all([cluster.start('broadcast-1'), cluster.start('broadcast-2')]);
      await socket.waitFor(
        (events) => ids.every((id) => events.some((e) => (e.data as { id?: number }).id === id)),
        45_000,
      );
      const created = socket.events.filter(
        (e) => e.type === 'attendance.created' && ids.includes((e.data as { id: number }).id),
      );
      assert.equal(new Set(created.map((e) => (e.data as { id: number }).id)).size, 150, 'all 150 check-ins were seen');
    } finally {
      socket.close();
    }
  });

  it('when one device sends 30 heartbeats at once across the four nodes, exactly one is accepted', async () => {
    const { token } = await createDevice(env.db, 'Kiosk Flood');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new ApiClient(cluster.nodes[i % 4].url).withBearer(token).post('/api/devices/heartbeat', { battery_level: i }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(29).fill(429)]);
    assert.ok(results.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) > 0));
  });

  it('the scheduler process moves a device that fell silent down a tier on its own, and admins see it live', async () => {
    const device = await createDevice(env.db, 'Kiosk Sunyi');
    const socket = await connectAdminSocket(cluster.nodes[3].url, admin.cookie);
    try {
      assert.equal(
        (await kioskOn(cluster.nodes[0].url).withBearer(device.token).post('/api/devices/heartbeat', {})).status,
        200,
      );
      // As if that heartbeat had been a minute ago: past offline_after (40 s), within disconnect_after (300 s).
      await env
        .db('devices')
        .where({ id: device.id })
        .update({ last_heartbeat_at: env.db.raw('NOW(3) - INTERVAL 60 SECOND') });
      const events = await socket.waitFor(
        (list) =>
          list.some(
            (e) =>
              e.type === 'device.status_changed' &&
              (e.data as { id: number; to_status: string }).id === device.id &&
              (e.data as { to_status: string }).to_status === 'temporarily_offline',
          ),
        10_000,
      );
      const change = events.find(
        (e) =>
          (e.data as { to_status?: string; id: number }).to_status === 'temporarily_offline' &&
          (e.data as { id: number }).id === device.id,
      )!;
      assert.deepEqual(
        [(change.data as { reason: string }).reason, (change.data as { source: string }).source],
        ['heartbeat_missed', 'system'],
      );
    } finally {
      socket.close();
    }
  });

  it('when an app node stops, its admins reconnect through nginx to the others and keep receiving events', async () => {
    const viaNginx = await new ApiClient(cluster.nginxUrl).login(ADMIN.email, ADMIN.password);
    const sockets = await Promise.all(
      Array.from({ length: 8 }, () => connectAdminSocket(cluster.nginxUrl, viaNginx.cookie, { reconnection: true })),
    );
    try {
      let disconnects = 0;
      for (const s of sockets) s.socket.on('disconnect', () => (disconnects += 1));
      await cluster.kill('app-2', 'SIGTERM');
      const reconnected = () => sockets.every((s) => s.socket.connected);
      await sockets[0].waitFor(() => disconnects > 0 && reconnected(), 10_000);
      const [code] = await createKioskEmployees(env.db, env.config, 'MOV', 1);
      const res = await kioskOn(cluster.nginxUrl).post('/api/kiosk/check-in', { employee_code: code, pin: '1234' });
      assert.equal(res.status, 201);
      await Promise.all(sockets.map((s) => eventFor(s, res.body.data.id)));
    } finally {
      for (const s of sockets) s.close();
      await cluster.start('app-2');
    }
  });
});
