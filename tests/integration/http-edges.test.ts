import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { type RunningNode, startAppNode } from '../../server/node';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee } from '../support/fixtures';
import { until } from '../support/poll';
import { type RestartableService, startDrillRedis } from '../support/private-services';

// Monday 23 Nov 2026, 07:30 in Asia/Jakarta.
const MONDAY_0730_WIB = '2026-11-23T00:30:00.000Z';
const KIB = 1024;

function assertEnvelope(res: ApiResponse, status: number, code: string) {
  assert.equal(
    res.status,
    status,
    `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`,
  );
  assert.equal(res.body?.success, false);
  assert.equal(res.body.error.code, code);
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
}

describe('HTTP edges', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let allowListNode: RunningNode;
  let admin: ApiClient;
  let employeeId: number;
  let employee: ApiClient;
  let kiosk: ApiClient;
  let codeCounter = 0;
  const clock = createTestClock(MONDAY_0730_WIB);

  const countUsers = async () => Number((await env.db('users').count({ n: '*' }))[0].n);
  const nextCode = () => `EDG${String(++codeCounter).padStart(3, '0')}`;
  const newEmployeeBody = () => JSON.stringify({ employee_code: nextCode(), name: 'Pegawai Tepi' });
  const sameHost = () => `http://127.0.0.1:${node.port}`;

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env, clock, { NODE_ID: 'edge-node-a' });
    allowListNode = await startTestNode(env, clock, {
      NODE_ID: 'edge-node-b',
      ALLOWED_ORIGINS: 'https://admin.example',
    });
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    const created = await createEmployee(env.db, env.config, 'EMP001', { pin: '1234', password: 'employee-pass-1' });
    employeeId = created.id;
    employee = await new ApiClient(node.url).login(created.email!, 'employee-pass-1');
    kiosk = new ApiClient(node.url).withBearer((await createDevice(env.db, 'Kiosk Tepi')).token);
  });

  after(async () => {
    await Promise.all([node?.shutdown('test done'), allowListNode?.shutdown('test done')]);
    await env?.cleanup();
  });

  describe('request bodies and routes', () => {
    it('an unknown API route gets 404 route_not_found in the error envelope, for any method', async () => {
      assertEnvelope(await admin.get('/api/no-such-thing'), 404, 'route_not_found');
      assertEnvelope(await admin.post('/api/no-such-thing', { a: 1 }), 404, 'route_not_found');
      assertEnvelope(await admin.request('DELETE', '/api/admin/users/1'), 404, 'route_not_found');
      assertEnvelope(await new ApiClient(node.url).get('/api/auth/login'), 404, 'route_not_found');
    });

    it('a body that is not valid JSON gets 400 invalid_json', async () => {
      const res = await new ApiClient(node.url).post('/api/auth/login', '{"email": "a@b.co", "password":');
      assertEnvelope(res, 400, 'invalid_json');
      assertEnvelope(await admin.post('/api/admin/users', "{employee_code: 'X'}"), 400, 'invalid_json');
    });

    it('a body over 64 KiB gets 413 payload_too_large, while exactly 64 KiB is still read', async () => {
      const bodyOf = (bytes: number) => {
        const shell = '{"email":"","password":"x"}';
        const body = `{"email":"${'a'.repeat(bytes - shell.length)}","password":"x"}`;
        assert.equal(Buffer.byteLength(body), bytes);
        return body;
      };
      const atLimit = await new ApiClient(node.url).post('/api/auth/login', bodyOf(64 * KIB));
      assertEnvelope(atLimit, 400, 'validation_failed');
      const overLimit = await new ApiClient(node.url).post('/api/auth/login', bodyOf(64 * KIB + 1));
      assertEnvelope(overLimit, 413, 'payload_too_large');
      const before = await countUsers();
      const bigUser = await admin.post('/api/admin/users', {
        employee_code: nextCode(),
        name: 'Besar',
        pad: 'x'.repeat(70 * KIB),
      });
      assertEnvelope(bigUser, 413, 'payload_too_large');
      assert.equal(await countUsers(), before);
    });

    it('JSON in a charset the server cannot read gets 415 unsupported_media_type', async () => {
      const res = await admin.post('/api/admin/users', newEmployeeBody(), {
        'content-type': 'application/json; charset=koi8-r',
      });
      assertEnvelope(res, 415, 'unsupported_media_type');
    });
  });

  describe('cross-site request forgery rules', () => {
    it('a cookie-authenticated write sent as text/plain or as a form gets 415 unsupported_media_type and writes nothing', async () => {
      const before = await countUsers();
      for (const contentType of [
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await admin.post('/api/admin/users', newEmployeeBody(), { 'content-type': contentType });
        assertEnvelope(res, 415, 'unsupported_media_type');
      }
      const patch = await admin.patch(`/api/admin/users/${employeeId}`, JSON.stringify({ name: 'Diubah' }), {
        'content-type': 'text/plain',
      });
      assertEnvelope(patch, 415, 'unsupported_media_type');
      assert.equal(await countUsers(), before);
      assert.equal((await env.db('users').where({ id: employeeId }).first()).name, 'Pegawai EMP001');
    });

    it('a login posted as a form gets 415 too, so a foreign page cannot log a browser into another account', async () => {
      const res = await new ApiClient(node.url).post(
        '/api/auth/login',
        `email=${encodeURIComponent(ADMIN.email)}&password=${encodeURIComponent(ADMIN.password)}`,
        {
          'content-type': 'application/x-www-form-urlencoded',
        },
      );
      assertEnvelope(res, 415, 'unsupported_media_type');
      assert.equal(res.headers.get('set-cookie'), null);
    });

    it('a cookie-authenticated write with a foreign Origin gets 403 forbidden_origin and writes nothing', async () => {
      const before = await countUsers();
      for (const origin of [
        'https://evil.example',
        'null',
        'http://127.0.0.1:1',
        `http://localhost:${node.port}`,
        'not a url',
      ]) {
        const res = await admin.post('/api/admin/users', newEmployeeBody(), { origin });
        assertEnvelope(res, 403, 'forbidden_origin');
      }
      // A body-less write (the employee's check-in button) is refused just the same.
      assertEnvelope(
        await employee.post('/api/attendances/check-in', undefined, { origin: 'https://evil.example' }),
        403,
        'forbidden_origin',
      );
      assert.equal(await countUsers(), before);
      assert.equal(await env.db('attendances').where({ user_id: employeeId }).first(), undefined);
    });

    it('a write whose Origin is the host it came to is accepted', async () => {
      const res = await admin.post('/api/admin/users', newEmployeeBody(), { origin: sameHost() });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const withCharset = await admin.post('/api/admin/users', newEmployeeBody(), {
        origin: sameHost(),
        'content-type': 'application/json; charset=utf-8',
      });
      assert.equal(withCharset.status, 201, JSON.stringify(withCharset.body));
    });

    it('an API client outside a browser (no Origin) needs nothing more than the cookie', async () => {
      const res = await admin.post('/api/admin/users', newEmployeeBody());
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });

    it("a bodiless cookie write that says Content-Type: application/json (as the README's curl does) is accepted", async () => {
      const res = await admin.post('/api/auth/logout', undefined, {
        'content-type': 'application/json; charset=utf-8',
      });
      assert.equal(res.status, 204);
      await admin.login(ADMIN.email, ADMIN.password);
    });

    it('an Origin listed in ALLOWED_ORIGINS is accepted on a node configured with it, and refused on a node without it', async () => {
      const onAllowList = await new ApiClient(allowListNode.url).login(ADMIN.email, ADMIN.password);
      const accepted = await onAllowList.post('/api/admin/users', newEmployeeBody(), {
        origin: 'https://admin.example',
      });
      assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
      const otherOrigin = await onAllowList.post('/api/admin/users', newEmployeeBody(), {
        origin: 'https://admin.example.evil',
      });
      assertEnvelope(otherOrigin, 403, 'forbidden_origin');
      const elsewhere = await admin.post('/api/admin/users', newEmployeeBody(), { origin: 'https://admin.example' });
      assertEnvelope(elsewhere, 403, 'forbidden_origin');
    });

    it('Bearer-token kiosk calls are not subject to the cookie rules: a foreign Origin does not stop a check-in', async () => {
      const res = await kiosk.post(
        '/api/kiosk/check-in',
        { employee_code: 'EMP001', pin: '1234' },
        { origin: 'https://kiosk-shell.example' },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.data.source, 'kiosk');
      const out = await kiosk.post(
        '/api/kiosk/check-out',
        { employee_code: 'EMP001', pin: '1234' },
        { origin: 'null' },
      );
      assert.equal(out.status, 200, JSON.stringify(out.body));
    });

    it('a Bearer header does not exempt a request that also carries a session cookie from the origin rule', async () => {
      const res = await admin.post(
        '/api/admin/users',
        { employee_code: 'EMPBEARER', name: 'Lewat Bearer' },
        { authorization: 'Bearer anything', origin: 'https://evil.example' },
      );
      assertEnvelope(res, 403, 'forbidden_origin');
    });

    it('a kiosk call with an unknown device token gets 401 invalid_device_token', async () => {
      const res = await new ApiClient(node.url)
        .withBearer('not-a-real-token')
        .post('/api/kiosk/check-in', { employee_code: 'EMP001', pin: '1234' });
      assertEnvelope(res, 401, 'invalid_device_token');
    });
  });

  describe('health, readiness and metrics', () => {
    it('/api/health says ok and names the node', async () => {
      const res = await new ApiClient(node.url).get('/api/health');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok', node: 'edge-node-a' });
    });

    it('/api/ready answers 200 with database, Redis and accepting checks all ok', async () => {
      const res = await new ApiClient(node.url).get('/api/ready');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        status: 'ready',
        node: 'edge-node-a',
        checks: { database: 'ok', redis: 'ok', accepting: 'ok' },
      });
    });

    it('/metrics is Prometheus text with request durations labelled by route and node', async () => {
      await new ApiClient(node.url).get('/api/health');
      const res = await new ApiClient(node.url).get('/metrics');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      const text = String(res.body);
      assert.match(text, /^# TYPE absensi_http_request_duration_seconds histogram$/m);
      const healthCount = text
        .split('\n')
        .find(
          (line) =>
            line.startsWith('absensi_http_request_duration_seconds_count{') && line.includes('route="/api/health"'),
        );
      assert.ok(healthCount, 'expected a duration series for /api/health');
      assert.match(healthCount, /node="edge-node-a"/);
      assert.match(healthCount, /method="GET"/);
      assert.match(healthCount, /status="200"/);
      assert.match(healthCount, / [1-9]\d*$/);
    });

    it('/metrics labels requests by route pattern, never by raw URL, so junk URLs cannot grow the series', async () => {
      await admin.get('/api/no-such-route-zq81x');
      await admin.get('/api/admin/users/777123');
      await new ApiClient(node.url).get('/api/admin/users/888456');
      const text = String((await new ApiClient(node.url).get('/metrics')).body);
      assert.doesNotMatch(text, /zq81x|777123|888456/);
      assert.match(text, /absensi_http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/);
      assert.match(
        text,
        /absensi_http_request_duration_seconds_count\{[^}]*route="\/api\/admin\/users\/:id"[^}]*status="404"/,
      );
      assert.doesNotMatch(text, /route="\/:id"|route="\/login"|route="\/api\/admin\/users\/"/);
    });

    it('over plain HTTP the CSP does not upgrade requests to https, so a kiosk on the office LAN can load its page', async () => {
      const csp = (await new ApiClient(node.url).get('/api/health')).headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    });

    it('responses carry helmet security headers and no x-powered-by, error responses included', async () => {
      for (const res of [await new ApiClient(node.url).get('/api/health'), await admin.get('/api/no-such-thing')]) {
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
        assert.ok(res.headers.get('content-security-policy'), 'expected a Content-Security-Policy header');
        assert.equal(res.headers.get('x-powered-by'), null);
      }
    });

    it('the session cookie is HttpOnly and SameSite=Lax', async () => {
      const res = await new ApiClient(node.url).post('/api/auth/login', ADMIN);
      assert.equal(res.status, 200);
      const cookie = res.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^absensi\.sid=/);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });
  });

  describe('request ids', () => {
    const lines: Record<string, unknown>[] = [];
    let loggedNode: RunningNode;

    before(async () => {
      const config = loadConfig({ ...env.env, NODE_ID: 'edge-node-logged', LOG_LEVEL: 'info' });
      const logger = createLogger(config, { write: (line: string) => lines.push(JSON.parse(line)) });
      loggedNode = await startAppNode(config, { clock, logger });
    });

    after(async () => {
      await loggedNode?.shutdown('test done');
    });

    /** A first heartbeat connects the kiosk: the node logs the transition while it answers the request. */
    const firstHeartbeat = async (headers: Record<string, string>) => {
      const device = await createDevice(env.db, `Kiosk Request Id ${lines.length}`);
      const res = await new ApiClient(loggedNode.url)
        .withBearer(device.token)
        .post('/api/devices/heartbeat', {}, headers);
      assert.equal(res.status, 200);
      return { res, logged: lines.filter((line) => line.device_id === device.id) };
    };

    it('when nginx gives the request an X-Request-Id, the answer and every log line written for it carry it', async () => {
      const { res, logged } = await firstHeartbeat({ 'x-request-id': 'f3c1d2e4a5b6c7d8e9f0a1b2c3d4e5f6' });
      assert.equal(res.headers.get('x-request-id'), 'f3c1d2e4a5b6c7d8e9f0a1b2c3d4e5f6');
      assert.ok(logged.length > 0, 'the transition was logged');
      for (const line of logged) assert.equal(line.request_id, 'f3c1d2e4a5b6c7d8e9f0a1b2c3d4e5f6');
    });

    it('when the request comes without one, or with one unfit for a log, the node makes its own', async () => {
      const unfit: Record<string, string>[] = [{}, { 'x-request-id': 'x'.repeat(200) }, { 'x-request-id': 'a b"c' }];
      for (const headers of unfit) {
        const { res, logged } = await firstHeartbeat(headers);
        const id = res.headers.get('x-request-id') ?? '';
        assert.match(id, /^[0-9a-f-]{36}$/);
        assert.ok(logged.length > 0 && logged.every((line) => line.request_id === id));
      }
    });

    it('lines not written for a request have no request id', () => {
      assert.ok(lines.some((line) => line.msg === 'App node listening' && !('request_id' in line)));
    });
  });

  describe('a node whose Redis comes and goes', () => {
    let redis: RestartableService;
    let redisNode: RunningNode;

    before(async () => {
      redis = await startDrillRedis({ appendOnly: false });
      await redis.stop();
      redisNode = await startTestNode(env, clock, { NODE_ID: 'edge-node-redis', REDIS_URL: redis.url });
    });

    after(async () => {
      await redisNode?.shutdown('test done');
      await redis?.stop();
    });

    it('is not healthy until it has reached Redis once, then stays healthy while readiness follows Redis', async () => {
      const health = () => new ApiClient(redisNode.url).get('/api/health');
      assertEnvelope(await health(), 503, 'starting');
      await redis.start();
      await until(async () => (await health()).status === 200, { what: 'the node reached Redis', timeoutMs: 15_000 });

      await redis.stop();
      assert.deepEqual((await health()).body, { status: 'ok', node: 'edge-node-redis' });
      const ready = await new ApiClient(redisNode.url).get('/api/ready');
      assertEnvelope(ready, 503, 'not_ready');
      assert.deepEqual(ready.body.error.details, { database: 'ok', redis: 'down', accepting: 'ok' });
    });
  });

  describe('a node whose database is unreachable', () => {
    let downNode: RunningNode;

    before(async () => {
      downNode = await startTestNode(env, clock, {
        NODE_ID: 'edge-node-down',
        DATABASE_URL: 'mysql://root@127.0.0.1:1/absensi_x',
      });
    });

    after(async () => {
      await downNode?.shutdown('test done');
    });

    it('answers /api/health 503 starting: a release that cannot reach its database never becomes healthy', async () => {
      const res = await new ApiClient(downNode.url).get('/api/health');
      assertEnvelope(res, 503, 'starting');
      assert.equal(res.body.node, 'edge-node-down');
    });

    it('answers /api/ready with 503 not_ready, database down and Redis ok', async () => {
      const res = await new ApiClient(downNode.url).get('/api/ready');
      assertEnvelope(res, 503, 'not_ready');
      assert.deepEqual(res.body.error.details, { database: 'down', redis: 'ok', accepting: 'ok' });
      assert.equal(res.body.node, 'edge-node-down');
    });

    it('a login there gets 503 database_unavailable, not 500', async () => {
      const res = await new ApiClient(downNode.url).post('/api/auth/login', ADMIN);
      assertEnvelope(res, 503, 'database_unavailable');
    });

    it('an admin whose session was made on a healthy node gets 503 database_unavailable there, not 500 or a logout', async () => {
      const there = new ApiClient(downNode.url);
      there.cookie = admin.cookie;
      assertEnvelope(await there.get('/api/admin/users'), 503, 'database_unavailable');
      assertEnvelope(await there.get('/api/auth/me'), 503, 'database_unavailable');
      // The session itself survives: the healthy node still knows the admin.
      assert.equal((await admin.get('/api/auth/me')).status, 200);
    });

    it('a kiosk check-in there gets 503 database_unavailable, not 500', async () => {
      const res = await new ApiClient(downNode.url)
        .withBearer('some-device-token')
        .post('/api/kiosk/check-in', { employee_code: 'EMP001', pin: '1234' });
      assertEnvelope(res, 503, 'database_unavailable');
    });
  });

  describe('wrong shapes', () => {
    const hugeString = JSON.stringify('x'.repeat(60 * KIB));
    const deepArray = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const shapes: string[] = [
      '[]',
      '[{"email":"a@b.co","password":"x"}]',
      '42',
      '-0.5e400',
      '"a string"',
      'null',
      'true',
      '{}',
      deepArray,
      `{"email":${hugeString}}`,
      `{"name":${hugeString},"employee_code":${hugeString}}`,
      '{"email":{"$ne":null},"password":{"$gt":""}}',
      '{"email":["a@b.co"],"password":["x"]}',
      '{"email":123,"password":true}',
      '{"employee_code":{"code":"EMP001"},"pin":1234}',
      '{"employee_code":"EMP001","pin":"1234","extra":true}',
      '{"employee_code":null,"pin":null,"name":null,"email":null,"active":null,"role":null}',
      '{"name":"Ok","employee_code":"FZ001","active":"yes","role":"superuser"}',
      '{"name":"Ok","employee_code":"FZ002","pin":"١٢٣٤"}',
      '{"name":"Ok","employee_code":"FZ003\\u0000","email":"a@b.co\\u0000"}',
      '{"__proto__":{"role":"admin","active":true}}',
      '{"constructor":{"prototype":{"role":"admin"}}}',
      `{"nested":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`,
    ];

    it('no endpoint answers a wrong JSON shape with a 5xx; each gets a 4xx envelope and nothing is written', async () => {
      const anonymous = new ApiClient(node.url);
      const usersBefore = await countUsers();
      const targets: { who: string; client: ApiClient; method: string; path: string }[] = [
        { who: 'anonymous', client: anonymous, method: 'POST', path: '/api/auth/login' },
        { who: 'admin', client: admin, method: 'POST', path: '/api/admin/users' },
        { who: 'admin', client: admin, method: 'PATCH', path: `/api/admin/users/${employeeId}` },
        { who: 'kiosk', client: kiosk, method: 'POST', path: '/api/kiosk/check-in' },
        { who: 'kiosk', client: kiosk, method: 'POST', path: '/api/kiosk/check-out' },
      ];
      const failures: string[] = [];
      for (const target of targets) {
        for (const shape of shapes) {
          const res = await target.client.request(target.method, target.path, shape);
          const label = `${target.who} ${target.method} ${target.path} with ${shape.slice(0, 60)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
          if (res.status < 400 || res.status >= 500) failures.push(label);
          else if (res.body?.success !== false || typeof res.body?.error?.code !== 'string')
            failures.push(`no envelope: ${label}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.equal(await countUsers(), usersBefore);
      const row = await env.db('users').where({ id: employeeId }).first();
      assert.deepEqual(
        { role: row.role, active: Boolean(row.active), name: row.name },
        { role: 'employee', active: true, name: 'Pegawai EMP001' },
      );
      assert.equal(({} as Record<string, unknown>).role, undefined, 'Object.prototype was polluted');
    });

    it('employee endpoints that ignore the body never 5xx on a wrong shape either', async () => {
      const failures: string[] = [];
      for (const path of ['/api/attendances/check-in', '/api/attendances/check-out']) {
        for (const shape of shapes) {
          const res = await employee.request('POST', path, shape);
          if (res.status >= 500)
            failures.push(
              `${path} with ${shape.slice(0, 60)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`,
            );
        }
      }
      assert.deepEqual(failures, []);
    });

    it('no query string or path parameter makes a read answer 5xx; bad ones get a 4xx envelope', async () => {
      const urls = [
        '/api/admin/users?page=abc',
        '/api/admin/users?page=-1&per_page=0',
        '/api/admin/users?per_page=1e9',
        '/api/admin/users?page=99999999999999999999',
        '/api/admin/users?role=admin&role=employee',
        '/api/admin/users?active=maybe',
        '/api/admin/users?active[]=true',
        `/api/admin/users?q=${'x'.repeat(5000)}`,
        '/api/admin/users?q=%E0%A4%A',
        "/api/admin/users?q=' OR 1=1 --",
        '/api/admin/users/%',
        '/api/admin/users/1e400',
        '/api/admin/users/-1',
        '/api/admin/users/0x10',
        '/api/admin/users/99999999999999999999',
        '/api/attendances?date_from=2026-02-30',
        '/api/attendances?date_from=9999-99-99',
        '/api/attendances?date_from=2026-12-01&date_to=2026-01-01',
        '/api/attendances?sort=password_hash',
        '/api/attendances?order=sideways',
        '/api/attendances?user_id=abc&status=absent',
        '/api/admin/events?after=abc&limit=-5',
        '/api/admin/events?after=1e30',
      ];
      const failures: string[] = [];
      for (const url of urls) {
        const res = await admin.get(url);
        const label = `GET ${url.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
        if (res.status >= 500) failures.push(label);
        else if (res.status >= 400 && (res.body?.success !== false || typeof res.body?.error?.code !== 'string'))
          failures.push(`no envelope: ${label}`);
      }
      assert.deepEqual(failures, []);
    });
  });
});
