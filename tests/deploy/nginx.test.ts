import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Cluster, startCluster } from '../../scripts/cluster';
import { freePort, isListening } from '../../scripts/lib/net';
import { prepareNginx } from '../../scripts/lib/nginx';
import { TailBuffer } from '../../scripts/multi-node/tail-buffer';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN } from '../support/fixtures';
import { until } from '../support/poll';
import { nginxBinary, renderProductionConfig, supportsUpstreamResolve } from './nginx-production';
import { type StubNode, startStubNode } from './stub-nodes';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Read nothing of the answer for this long, as a slow client would, so nginx's buffers fill. */
  readAfterMs?: number;
}

/** Rejects when the answer stops short of its Content-Length. */
function send(port: number, path: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        if (options.readAfterMs) {
          res.pause();
          setTimeout(() => res.resume(), options.readAfterMs);
        }
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (err) =>
          reject(
            new Error(`${path}: the answer broke off after ${Buffer.concat(chunks).length} bytes (${err.message})`),
          ),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString());
const nodeOf = (answer: Answer) => json(answer).node as string;

/** nginx/nginx.conf running on this machine in front of the given nodes, until stopNginx. */
async function startProductionNginx(
  nodes: StubNode[],
  options: { errorLog?: TailBuffer; realIpSources?: string; logRequests?: boolean } = {},
) {
  const binary = nginxBinary();
  const prefix = mkdtempSync(join(tmpdir(), 'absensi-nginx-'));
  const [port, statusPort] = [await freePort(), await freePort()];
  const conf = renderProductionConfig({
    prefix,
    appPorts: nodes.map((n) => n.port),
    port,
    statusPort,
    resolve: supportsUpstreamResolve(binary),
    realIpSources: options.realIpSources,
    accessLog: options.logRequests ? join(prefix, 'access.log') : undefined,
  });
  // stdout is not a socket here, as in a container: nginx opens /dev/stdout for its access log.
  const nginx = spawn(binary, ['-p', `${prefix}/`, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errorLog = options.errorLog ?? new TailBuffer();
  nginx.stderr!.pipe(errorLog.stream);
  const deadline = Date.now() + 10_000;
  while (!(await isListening(port))) {
    if (nginx.exitCode !== null || Date.now() > deadline)
      throw new Error(`nginx did not start (exit code ${nginx.exitCode}): ${errorLog.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { prefix, nginx, port, statusPort };
}

/** The access log's JSON lines, when nginx was started with logRequests. */
const accessLog = (prefix: string) =>
  readFileSync(join(prefix, 'access.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function stopNginx(nginx: ChildProcess | undefined) {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM');
    await once(nginx, 'exit');
  }
}

describe('the nginx configs', () => {
  const binary = nginxBinary();

  it('nginx -t accepts the Compose/Swarm config, with the app service name pointed at loopback', async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'absensi-nginx-t-'));
    try {
      const conf = renderProductionConfig({
        prefix,
        appPorts: [3000],
        port: await freePort(),
        statusPort: await freePort(),
        resolve: supportsUpstreamResolve(binary),
      });
      // stdout is not a socket here, as in a container: nginx opens /dev/stdout for its access log.
      const check = spawnSync(binary, ['-t', '-p', `${prefix}/`, '-c', conf, '-e', 'stderr'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(check.status, 0, check.stderr);
      assert.match(check.stderr, /test is successful/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('nginx -t accepts the local cluster config as npm start renders it', async () => {
    const rootDir = mkdtempSync(join(tmpdir(), 'absensi-nginx-local-'));
    try {
      // prepareNginx renders nginx/local.conf.template and rejects what `nginx -t` rejects.
      const { args } = await prepareNginx({
        binary,
        rootDir,
        port: await freePort(),
        appPorts: [await freePort(), await freePort()],
      });
      assert.ok(args.includes('daemon off;'));
    } finally {
      rmSync(rootDir, { recursive: true, force: true });
    }
  });
});

/**
 * The Compose/Swarm config running on this machine in front of stub app
 * nodes: what it forwards, what it refuses, what it caches, where it sends
 * Socket.IO, and what it never replays.
 */
describe('nginx/nginx.conf in front of the app nodes', () => {
  let prefix: string;
  let nodes: StubNode[];
  let nginx: ChildProcess;
  let port: number;
  let statusPort: number;
  const errorLog = new TailBuffer();

  before(async () => {
    // The second node is of the previous version: it lacks the newest assets.
    nodes = await Promise.all([
      startStubNode('node-a'),
      startStubNode('node-b', { missingAssets: true }),
      startStubNode('node-c'),
    ]);
    ({ prefix, nginx, port, statusPort } = await startProductionNginx(nodes, { errorLog }));
  });

  after(async () => {
    await stopNginx(nginx);
    await Promise.all((nodes ?? []).map((n) => n.close()));
    rmSync(prefix, { recursive: true, force: true });
  });

  it('passes API requests to a node with the client address, the host with its port and the scheme', async () => {
    const answer = await send(port, '/api/echo', {
      headers: { host: `absensi.example:${port}`, 'x-forwarded-for': '203.0.113.9' },
    });
    assert.equal(answer.status, 200);
    const { headers } = json(answer);
    assert.equal(headers.host, `absensi.example:${port}`);
    assert.equal(headers['x-forwarded-host'], `absensi.example:${port}`);
    assert.equal(headers['x-forwarded-proto'], 'http');
    // The app trusts one hop (TRUST_PROXY=1): the last address is the one nginx saw.
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
  });

  it('gives every request an id of its own; a client can neither choose it nor claim HTTPS', async () => {
    const answers = await Promise.all(
      [1, 2].map(() =>
        send(port, '/api/echo', { headers: { 'x-request-id': 'chosen-by-client', 'x-forwarded-proto': 'https' } }),
      ),
    );
    const ids = answers.map((answer) => json(answer).headers['x-request-id'] as string);
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.notEqual(ids[0], ids[1]);
    assert.ok(answers.every((answer) => json(answer).headers['x-forwarded-proto'] === 'http'));
  });

  it('takes a 64 KiB body without writing it to disk, and refuses a larger one itself with the API error envelope', async () => {
    const fits = await send(port, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(64 * 1024, 'a'),
    });
    assert.equal(fits.status, 200);
    assert.equal(json(fits).bytes, 64 * 1024);

    const before = nodes.flatMap((n) => n.hits).length;
    const tooBig = await send(port, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(64 * 1024 + 1, 'a'),
    });
    assert.equal(tooBig.status, 413);
    assert.equal(json(tooBig).error.code, 'payload_too_large');
    assert.equal(nodes.flatMap((n) => n.hits).length, before, 'no node saw it');
    // The refusal is logged after whatever nginx logged about the first body.
    await until(() => errorLog.text().includes('client intended to send too large body'), {
      what: 'nginx logs the refusal',
      timeoutMs: 5000,
    });
    assert.doesNotMatch(errorLog.text(), /buffered to a temporary file/);
  });

  it('takes a kiosk punch batch of up to 256 KiB in memory, and refuses a larger one itself with the API error envelope', async () => {
    const post = (bytes: number) =>
      send(port, '/api/kiosk/punches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(bytes, 'a'),
      });
    const fits = await post(256 * 1024);
    assert.equal(fits.status, 200);
    assert.equal(json(fits).bytes, 256 * 1024);
    const tooBig = await post(256 * 1024 + 1);
    assert.equal(tooBig.status, 413);
    assert.deepEqual(json(tooBig).error, {
      code: 'payload_too_large',
      message: 'The request body is larger than 256 KiB',
    });
    assert.doesNotMatch(errorLog.text(), /buffered to a temporary file/);
  });

  it('never exposes a node’s /metrics', async () => {
    for (const path of ['/metrics', '/METRICS/', '/metrics?x=1']) {
      const answer = await send(port, path);
      assert.equal(answer.status, 404, path);
      assert.equal(json(answer).error.code, 'route_not_found');
    }
    assert.ok(nodes.every((n) => !n.hits.some((hit) => /metrics/i.test(hit))));
  });

  it('upgrades a Socket.IO WebSocket through to a node', async () => {
    const nodeId = await new Promise<string>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/socket.io/?EIO=4&transport=websocket',
        headers: { connection: 'Upgrade', upgrade: 'websocket' },
        agent: false,
      });
      req.on('upgrade', (res, socket, head) => {
        assert.equal(res.statusCode, 101);
        const chunks: Buffer[] = [head];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    assert.ok(nodes.some((n) => n.id === nodeId));
  });

  it('keeps every polling request of an admin session on one node, and spreads sessions over the nodes', async () => {
    const used = new Set<string>();
    for (let session = 1; session <= 12; session++) {
      const cookie = `absensi.sid=s%3Asession-${session}.signature; theme=dark`;
      const answers = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          send(port, `/socket.io/?EIO=4&transport=polling&t=${session}-${i}${i > 1 ? '&sid=abc' : ''}`, {
            headers: { cookie },
          }),
        ),
      );
      const served = new Set(answers.map(nodeOf));
      assert.equal(served.size, 1, `session ${session} was served by ${[...served].join(', ')}`);
      used.add([...served][0]!);
    }
    assert.ok(used.size > 1, 'twelve sessions all landed on one node');
  });

  it('compresses and caches built assets for a year, asking a node only once', async () => {
    const first = await send(port, '/assets/app-3f9a1c.js', { headers: { 'accept-encoding': 'gzip' } });
    const second = await send(port, '/assets/app-3f9a1c.js', { headers: { 'accept-encoding': 'gzip' } });
    for (const answer of [first, second]) {
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['content-encoding'], 'gzip');
      assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    }
    assert.deepEqual([first.headers['x-cache-status'], second.headers['x-cache-status']], ['MISS', 'HIT']);
    assert.equal(nodes.flatMap((n) => n.hits).filter((hit) => hit === 'GET /assets/app-3f9a1c.js').length, 1);
  });

  it('finds a new asset on another node when one of the previous version lacks it', async () => {
    for (let i = 1; i <= 6; i++) {
      const answer = await send(port, `/assets/new-${i}.js`);
      assert.equal(answer.status, 200, `/assets/new-${i}.js`);
    }
  });

  it('never caches the web app page a node answers for an unknown asset', async () => {
    const answers = [await send(port, '/assets/index-like.js'), await send(port, '/assets/index-like.js')];
    assert.deepEqual(
      answers.map((a) => a.headers['x-cache-status']),
      ['MISS', 'MISS'],
    );
  });

  it('tells browsers to revalidate the web app page after every deploy', async () => {
    for (const path of ['/', '/riwayat']) {
      const answer = await send(port, path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers['cache-control'], 'no-cache', path);
    }
  });

  it('does not replay a POST that a node dropped, and answers in the API envelope', async () => {
    const answer = await send(port, '/api/drop', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(answer.status, 503);
    assert.equal(json(answer).error.code, 'service_unavailable');
    assert.equal(
      nodes.flatMap((n) => n.hits).filter((hit) => hit === 'POST /api/drop').length,
      1,
      'sent to exactly one node',
    );
  });

  it('answers its own health check on the internal port', async () => {
    const answer = await send(statusPort, '/healthz');
    assert.equal(answer.status, 200);
    assert.equal((await send(statusPort, '/nginx_status')).status, 200);
  });

  it('when every node is down, answers 503 in the API envelope', async () => {
    await Promise.all(nodes.map((n) => n.close()));
    const answer = await send(port, '/api/echo');
    assert.equal(answer.status, 503);
    assert.equal(json(answer).error.code, 'service_unavailable');
  });
});

/** real-ip.conf naming the load balancer (here: loopback, where the test's requests come from). */
describe('nginx/nginx.conf behind a load balancer named in real-ip.conf', () => {
  let node: StubNode;
  let nginx: ChildProcess;
  let prefix: string;
  let port: number;

  before(async () => {
    node = await startStubNode('node-lb');
    ({ prefix, nginx, port } = await startProductionNginx([node], {
      realIpSources: 'set_real_ip_from 127.0.0.1;',
      logRequests: true,
    }));
  });

  after(async () => {
    await stopNginx(nginx);
    await node?.close();
    rmSync(prefix, { recursive: true, force: true });
  });

  it('takes the client address, the scheme and the request id from the balancer, and logs them', async () => {
    const answer = await send(port, '/api/echo', {
      headers: { 'x-forwarded-for': '198.51.100.23', 'x-forwarded-proto': 'https', 'x-request-id': 'lb-7f3a9c' },
    });
    const { headers } = json(answer);
    // The last address, the one the app trusts, is the client's, not the balancer's.
    assert.equal(headers['x-forwarded-for'], '198.51.100.23, 198.51.100.23');
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-request-id'], 'lb-7f3a9c');
    const line = await until(() => accessLog(prefix).find((l) => l.request_id === 'lb-7f3a9c'), {
      what: 'nginx logs the request',
      timeoutMs: 5000,
    });
    assert.equal(line.remote_addr, '198.51.100.23');
  });
});

/**
 * A checkout in a directory only its owner may enter (mode 0700: /root, a
 * `mktemp -d` folder), run as root: nginx's workers drop to an unprivileged
 * user that cannot enter it, so nothing they do may need the prefix
 * (.data/nginx/<port>/) or web/dist. Started by any other user the workers
 * keep that user and the directory stops nothing, so only a run as root (as
 * here and in CI) can catch a regression. The copy holds what an app node
 * runs, so the node serves web/dist from the private directory too.
 */
describe('the local cluster from a checkout in a private directory', () => {
  const asRoot = process.getuid?.() === 0;
  // Bigger than the socket buffers and nginx's proxy buffers together (a few MiB on loopback), so a slow reader makes nginx hold most of it.
  const asset = randomBytes(16 * 1024 * 1024);
  const logs = new TailBuffer();
  let checkout: string;
  let env: TestEnvironment;
  let cluster: Cluster;
  let port: number;

  before(async () => {
    checkout = mkdtempSync(join(tmpdir(), 'absensi-private-checkout-'));
    assert.equal(statSync(checkout).mode & 0o777, 0o700);
    for (const entry of ['package.json', 'tsconfig.json', 'server'])
      cpSync(join(ROOT, entry), join(checkout, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    mkdirSync(join(checkout, 'web', 'dist', 'assets'), { recursive: true });
    writeFileSync(join(checkout, 'web', 'dist', 'assets', 'index-big.js'), asset);

    env = await createTestEnvironment({ LOG_LEVEL: 'warn' });
    const [appPort, nginxPort] = [await freePort(), await freePort()];
    port = nginxPort;
    const { PORT: _unused, ...childEnv } = env.env;
    cluster = await startCluster({
      rootDir: checkout,
      env: childEnv,
      appPorts: [appPort],
      broadcastWorkers: 0,
      scheduler: false,
      nginx: { port: nginxPort },
      logs: logs.stream,
      restartCrashed: false,
    });
    if (asRoot) {
      // nginx hands its temp directories to the workers' user: not root, so the checkout is closed to them.
      const bodyTemp = join(checkout, '.data', 'nginx', String(nginxPort), 'client_body_temp');
      assert.notEqual(statSync(bodyTemp).uid, 0, 'nginx workers run as root, so this test proves nothing');
    }
  });

  after(async () => {
    await cluster?.stop();
    await env?.cleanup();
    if (checkout) rmSync(checkout, { recursive: true, force: true });
  });

  const login = (bytes: number) => {
    const envelope = JSON.stringify({ email: ADMIN.email, password: '' });
    const body = JSON.stringify({ email: ADMIN.email, password: 'x'.repeat(bytes - envelope.length) });
    return send(port, '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  };

  it('passes a login with a body up to 64 KiB to the app, which answers with its own validation error', async (t) => {
    if (!asRoot)
      t.diagnostic('not run as root: nginx workers keep this user, so the private directory cannot stop them');
    for (const bytes of [30_000, 64 * 1024]) {
      const answer = await login(bytes);
      assert.equal(answer.status, 400, `${bytes} bytes: ${answer.body}\n${logs.text()}`);
      assert.equal(json(answer).error.code, 'validation_failed');
    }
  });

  it('refuses a login body over 64 KiB itself, in the API error envelope', async () => {
    const answer = await login(64 * 1024 + 1);
    assert.equal(answer.status, 413, `${answer.body}\n${logs.text()}`);
    assert.equal(json(answer).error.code, 'payload_too_large');
  });

  it('delivers a large built asset whole to a client that reads slowly', async () => {
    const answer = await send(port, '/assets/index-big.js', { readAfterMs: 300 }).catch((err: Error) =>
      assert.fail(`${err.message}\n${logs.text()}`),
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.ok(answer.body.equals(asset), `${answer.body.length} of ${asset.length} bytes, or other bytes`);
  });
});
