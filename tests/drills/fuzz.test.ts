import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/api-client';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { ADMIN, createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import {
  randomBody,
  randomIdSegment,
  randomJson,
  randomQuery,
  randomString,
  rawRequestLines,
} from '../support/fuzz-inputs';
import { Prng, seedFromEnv } from '../support/prng';
import { type RawResponse, rawRequest, rawSocketRequest } from '../support/raw-http';

const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = seedFromEnv();
const DIGITS = '0123456789';
const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

type Auth = 'none' | 'admin' | 'employee' | 'device' | 'service';

interface Endpoint {
  method: string;
  /** `:id` is replaced by a real id or junk. */
  path: string;
  auth: Auth;
  fields?: string[];
  query?: string[];
  /** Which real ids `:id` may take: writes that delete or lock get throwaway rows only. */
  ids?: 'devices' | 'spare-devices' | 'users' | 'spare-users';
  /** Never send the fuzz's real session cookies here: login regenerates the session it names and logout destroys it. */
  junkCredentialsOnly?: boolean;
}

const PAGE = ['page', 'per_page'];
const HISTORY = [...PAGE, 'date_from', 'date_to', 'status', 'sort', 'order'];
const DEVICE_FIELDS = [
  'name',
  'location',
  'heartbeat_interval_seconds',
  'offline_after_seconds',
  'disconnect_after_seconds',
  'remote_control_enabled',
];
const USER_FIELDS = ['employee_code', 'name', 'email', 'password', 'pin', 'role', 'active'];

/** Every route of the README's API tables, plus health, metrics, Socket.IO's handshake and unknown paths. */
const ENDPOINTS: Endpoint[] = [
  { method: 'POST', path: '/api/auth/login', auth: 'none', fields: ['email', 'password'], junkCredentialsOnly: true },
  { method: 'POST', path: '/api/auth/logout', auth: 'none', junkCredentialsOnly: true },
  { method: 'GET', path: '/api/auth/me', auth: 'admin' },
  { method: 'POST', path: '/api/attendances/check-in', auth: 'employee' },
  { method: 'POST', path: '/api/attendances/check-out', auth: 'employee' },
  { method: 'GET', path: '/api/attendances/mine', auth: 'employee', query: HISTORY },
  { method: 'GET', path: '/api/attendances/today', auth: 'admin' },
  { method: 'GET', path: '/api/attendances', auth: 'admin', query: [...HISTORY, 'user_id', 'q'] },
  { method: 'POST', path: '/api/kiosk/check-in', auth: 'device', fields: ['employee_code', 'pin'] },
  { method: 'POST', path: '/api/kiosk/check-out', auth: 'device', fields: ['employee_code', 'pin'] },
  { method: 'POST', path: '/api/kiosk/punches', auth: 'device', fields: ['sent_at', 'entries'] },
  {
    method: 'POST',
    path: '/api/devices/heartbeat',
    auth: 'device',
    fields: ['battery_level', 'wifi_strength', 'app_version'],
  },
  { method: 'GET', path: '/api/admin/devices', auth: 'admin' },
  { method: 'POST', path: '/api/admin/devices', auth: 'admin', fields: DEVICE_FIELDS },
  { method: 'GET', path: '/api/admin/devices/:id', auth: 'admin', ids: 'devices' },
  { method: 'PATCH', path: '/api/admin/devices/:id', auth: 'admin', fields: DEVICE_FIELDS, ids: 'spare-devices' },
  { method: 'DELETE', path: '/api/admin/devices/:id', auth: 'admin', ids: 'spare-devices' },
  { method: 'GET', path: '/api/admin/devices/:id/events', auth: 'admin', query: PAGE, ids: 'devices' },
  { method: 'GET', path: '/api/admin/devices/:id/punches', auth: 'admin', query: [...PAGE, 'result'], ids: 'devices' },
  {
    method: 'POST',
    path: '/api/admin/devices/:id/reconnect',
    auth: 'admin',
    fields: ['delay_seconds'],
    ids: 'devices',
  },
  { method: 'POST', path: '/api/admin/devices/:id/rotate-token', auth: 'admin', ids: 'spare-devices' },
  { method: 'GET', path: '/api/admin/external-service/devices-needing-ping', auth: 'service', query: ['limit'] },
  {
    method: 'POST',
    path: '/api/admin/external-service/ping',
    auth: 'service',
    fields: ['device_id', 'reachable', 'latency_ms'],
  },
  { method: 'POST', path: '/api/admin/external-service/ping-batch', auth: 'service', fields: ['results'] },
  { method: 'GET', path: '/api/admin/users', auth: 'admin', query: [...PAGE, 'q', 'role', 'active'] },
  { method: 'GET', path: '/api/admin/users/:id', auth: 'admin', ids: 'users' },
  { method: 'POST', path: '/api/admin/users', auth: 'admin', fields: USER_FIELDS },
  { method: 'PATCH', path: '/api/admin/users/:id', auth: 'admin', fields: USER_FIELDS, ids: 'spare-users' },
  { method: 'GET', path: '/api/admin/events', auth: 'admin', query: ['after', 'limit'] },
  { method: 'GET', path: '/api/health', auth: 'none' },
  { method: 'GET', path: '/api/ready', auth: 'none' },
  { method: 'GET', path: '/metrics', auth: 'none' },
  { method: 'GET', path: '/socket.io/', auth: 'admin', query: ['EIO', 'transport', 'sid', 't'] },
  { method: 'POST', path: '/socket.io/', auth: 'admin', query: ['EIO', 'transport', 'sid'], fields: ['type', 'data'] },
  { method: 'GET', path: '/api/:id', auth: 'admin', ids: 'users' },
  { method: 'GET', path: '/:id', auth: 'none', ids: 'users' },
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

interface World {
  rng: Prng;
  credentials: Record<Auth, Record<string, string>>;
  /** Credentials that name no real session. */
  junkCredentials: Record<string, string>[];
  /** A real session cookie together with a Bearer token. */
  mixedCredentials: Record<string, string>[];
  ids: Record<NonNullable<Endpoint['ids']>, number[]>;
  kioskCodes: string[];
}

/** A plausible value for a field the API knows, so that valid-looking bodies get past validation now and then. */
function fieldValue(world: World, name: string): unknown {
  const { rng } = world;
  switch (name) {
    case 'email':
      return `${rng.string(rng.int(1, 12), 'abcdefghij0123456789')}@fuzz.example`;
    case 'password':
      return randomString(rng, 30).padEnd(8, 'x');
    case 'employee_code':
      return rng.chance(0.5) && world.kioskCodes.length
        ? rng.pick(world.kioskCodes)
        : `FZ${rng.string(rng.int(1, 8), CODE_CHARS)}`;
    case 'pin':
      return rng.chance(0.5) ? '1234' : rng.string(rng.int(3, 7), DIGITS);
    case 'name':
    case 'location':
    case 'app_version':
      return randomString(rng, 60) || 'Nama';
    case 'role':
      return rng.pick(['admin', 'employee']);
    case 'active':
    case 'remote_control_enabled':
    case 'reachable':
      return rng.chance(0.5);
    case 'heartbeat_interval_seconds':
      return rng.int(10, 3600);
    case 'offline_after_seconds':
      return rng.int(11, 86_400);
    case 'disconnect_after_seconds':
      return rng.int(12, 604_800);
    case 'battery_level':
      return rng.int(0, 100);
    case 'wifi_strength':
      return rng.int(-127, 100);
    case 'device_id':
      return rng.chance(0.7) ? rng.pick(world.ids.devices) : rng.int(-5, 2 ** 31);
    case 'latency_ms':
    case 'delay_seconds':
      return rng.int(0, 3600);
    case 'results':
      return Array.from({ length: rng.chance(0.05) ? rng.int(490, 510) : rng.size(20) }, () => ({
        device_id: fieldValue(world, 'device_id'),
        reachable: rng.chance(0.5),
        latency_ms: rng.int(0, 1000),
      }));
    case 'EIO':
      return rng.pick(['4', '3', '5', 'x']);
    case 'transport':
      return rng.pick(['polling', 'websocket', 'webtransport', 'x']);
    default:
      return randomJson(rng, 2);
  }
}

function headersFor(world: World, endpoint: Endpoint): Record<string, string> {
  const { rng } = world;
  const realOnes = Object.values(world.credentials);
  const credentials = endpoint.junkCredentialsOnly
    ? rng.pick([{}, ...world.junkCredentials])
    : rng.chance(0.8)
      ? world.credentials[endpoint.auth]
      : rng.pick([...realOnes, ...world.junkCredentials, ...world.mixedCredentials]);
  const headers: Record<string, string> = { ...credentials };
  if (rng.chance(0.1))
    headers.origin = rng.pick([
      'https://evil.example',
      'null',
      'http://\u00fcn\u00ef.example',
      'not a url',
      'http://127.0.0.1:1',
    ]);
  if (rng.chance(0.05)) headers['x-forwarded-host'] = rng.pick(['evil.example', '', '\u00ff\u00fe', 'a,b,c']);
  if (rng.chance(0.05)) headers.accept = rng.pick(['text/html', '*/*;q=x', '']);
  return headers;
}

function pathFor(world: World, endpoint: Endpoint): string {
  const { rng } = world;
  let path = endpoint.path.replace(':id', () => randomIdSegment(rng, endpoint.ids ? world.ids[endpoint.ids] : []));
  if (rng.chance(0.05)) path += rng.pick(['/', '//', '/extra', '/..', '/%2e%2e', '.json', ';x=1']);
  const queryNames = endpoint.query ?? [];
  return `${path}${randomQuery(rng, queryNames)}`;
}

/** Why a response is a failure, or null when it is fine: any 5xx, no answer, or an API 4xx without the error envelope. */
function verdict(res: RawResponse, method: string, path: string, fromApp: boolean): string | null {
  if (res.status === 0) return null; // Node's client would not send it; nothing reached the server
  if (res.status === null) return `no answer (${res.error})`;
  if (res.status >= 500) return `${res.status}`;
  if (!fromApp || res.status < 400 || method === 'HEAD' || !path.startsWith('/api') || res.body === '') return null;
  try {
    const body = JSON.parse(res.body);
    if (body?.success === false && typeof body.error?.code === 'string' && typeof body.error?.message === 'string')
      return null;
  } catch {
    // falls through
  }
  return `${res.status} without the error envelope`;
}

/**
 * Failure drill: a seeded fuzz pass over every endpoint, straight at an app
 * node (where every API error must be the JSON envelope) and through nginx.
 * Bodies of every JSON shape and type, wrong encodings and Content-Types,
 * sizes around the 64 KiB limit, deep nesting, bad UTF-8, junk query strings
 * and path parameters, wrong and junk credentials. Nothing may answer 5xx.
 * Replay a run with FUZZ_SEED=<seed> (and FUZZ_CASES=<n>).
 */
describe('drill: a fuzz pass over every endpoint', () => {
  let drill: DrillCluster;

  before(async () => {
    drill = await startDrillCluster({ appNodes: 1, broadcastWorkers: 1, scheduler: false });
  });

  after(async () => {
    await drill?.stop();
  });

  it(`no request, however malformed, gets a 5xx or hangs, and every API error keeps the envelope (seed ${SEED})`, async (t) => {
    const { env, cluster, nginxUrl } = drill;
    const node = cluster.nodes[0];
    t.diagnostic(`seed ${SEED}, ${CASES} cases; replay with FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}`);
    const admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    const employee = await createEmployee(env.db, env.config, 'FUZ001');
    const employeeSession = await new ApiClient(node.url).login(employee.email!, 'employee-pass-1');
    const kiosk = await createDevice(env.db, 'Kiosk Fuzz');
    const spareDevices = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createDevice(env.db, `Kiosk Cadangan ${i + 1}`)),
    );
    const kioskCodes = await createKioskEmployees(env.db, env.config, 'FZK', 40);
    const spareCodes = await createKioskEmployees(env.db, env.config, 'FZS', 5);
    const spareUsers = (await env.db('users').whereIn('employee_code', spareCodes).pluck('id')).map(Number);
    const allUsers = (await env.db('users').pluck('id')).map(Number);
    const world: World = {
      rng: new Prng(SEED),
      credentials: {
        none: {},
        admin: { cookie: admin.cookie! },
        employee: { cookie: employeeSession.cookie! },
        device: { authorization: `Bearer ${kiosk.token}` },
        service: { authorization: `Bearer ${env.config.serviceToken}` },
      },
      junkCredentials: [
        { cookie: 'absensi.sid=s%3Ajunk.signature' },
        { cookie: `absensi.sid=${'x'.repeat(4000)}` },
        { cookie: 'absensi.sid=%E0%A4%A; other=%' },
        { authorization: `Bearer ${'x'.repeat(600)}` },
        { authorization: 'Bearer' },
        { authorization: 'Bearer \u00ff\u00fe' },
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
        { authorization: `bearer ${kiosk.token}` },
        { authorization: `Bearer ${kiosk.token}`, cookie: 'absensi.sid=s%3Ajunk.signature' },
      ],
      mixedCredentials: [{ authorization: `Bearer ${kiosk.token}`, cookie: admin.cookie! }],
      ids: {
        devices: [kiosk.id, ...spareDevices.map((d) => d.id)],
        'spare-devices': spareDevices.map((d) => d.id),
        users: allUsers,
        'spare-users': spareUsers,
      },
      kioskCodes,
    };
    const { rng } = world;
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let requests = 0;
    const byEndpoint = new Map<string, Record<string, number>>();
    const check = (
      label: string,
      res: RawResponse,
      method: string,
      path: string,
      fromApp: boolean,
      endpoint = 'raw bytes',
    ) => {
      requests += 1;
      const key =
        res.status === null ? 'no answer' : res.status === 0 ? 'not sent' : `${Math.floor(res.status / 100)}xx`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      const tally = byEndpoint.get(endpoint) ?? {};
      tally[String(res.status)] = (tally[String(res.status)] ?? 0) + 1;
      byEndpoint.set(endpoint, tally);
      const problem = verdict(res, method, path, fromApp);
      if (problem) failures.push(`${label} → ${problem}: ${res.body.slice(0, 200)}`);
    };

    for (let n = 1; n <= CASES; n++) {
      if (rng.chance(0.02)) {
        const [port, via] = rng.chance(0.5) ? [node.port, 'node'] : [Number(new URL(nginxUrl).port), 'nginx'];
        const bytes = rawRequestLines(rng, `127.0.0.1:${port}`);
        check(
          `case ${n} raw bytes via ${via}: ${JSON.stringify(bytes.toString('latin1').split('\r\n')[0])}`,
          await rawSocketRequest(port, bytes),
          'RAW',
          '',
          false,
        );
        continue;
      }
      const endpoint = rng.pick(ENDPOINTS);
      const method = rng.chance(0.85) ? endpoint.method : rng.pick(METHODS);
      const path = pathFor(world, endpoint);
      const headers = headersFor(world, endpoint);
      const sendsBody = ['POST', 'PATCH', 'PUT'].includes(method) ? rng.chance(0.95) : rng.chance(0.1);
      const valid = Object.fromEntries(
        (endpoint.fields ?? []).filter(() => rng.chance(0.85)).map((f) => [f, fieldValue(world, f)]),
      );
      const body = sendsBody ? randomBody(rng, valid, (f) => fieldValue(world, f)) : null;
      if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
      if (body?.contentEncoding) headers['content-encoding'] = body.contentEncoding;
      const request = { method, path, headers, body: body?.bytes };
      const label = `case ${n} ${method} ${path.slice(0, 120)}${body ? ` with ${body.description} (${body.bytes.length} bytes)` : ''} as ${Object.keys(headers).join('+') || 'anonymous'}`;
      const name = `${endpoint.method} ${endpoint.path}`;
      check(`${label} via node`, await rawRequest(node.url, request), method, path, true, name);
      if (rng.chance(0.3)) check(`${label} via nginx`, await rawRequest(nginxUrl, request), method, path, false, name);
    }

    t.diagnostic(
      `${requests} requests: ${Object.entries(statuses)
        .map(([k, v]) => `${v}× ${k}`)
        .join(', ')}`,
    );
    for (const [name, tally] of byEndpoint)
      t.diagnostic(
        `  ${name}: ${Object.entries(tally)
          .map(([status, count]) => `${count}× ${status}`)
          .join(', ')}`,
      );
    assert.deepEqual(
      failures.slice(0, 20),
      [],
      `seed ${SEED}: ${failures.length} failing requests (replay with FUZZ_SEED=${SEED} FUZZ_CASES=${CASES})`,
    );
    assert.ok(cluster.processes['app-1'].running, 'the node is still running');
    assert.equal(
      (await admin.get('/api/auth/me')).status,
      200,
      'the fuzz kept its admin session, so admin routes were fuzzed past the guard',
    );
    assert.equal((await rawRequest(node.url, { method: 'GET', path: '/api/health', headers: {} })).status, 200);
    assert.deepEqual(
      drill.linesMatching(/Unhandled error/).slice(0, 3),
      [],
      'no request made the node log an unhandled error',
    );
  });
});
