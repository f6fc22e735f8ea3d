import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { sessionStoreKey } from '../../server/auth/session';
import { createRedis } from '../../server/redis';
import { type AdminSocket, connectAdminSocket } from '../support/admin-socket';
import { ApiClient } from '../support/api-client';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createKioskEmployees } from '../support/fixtures';
import { startTestCluster, type TestCluster } from '../support/test-cluster';

/** The Socket.IO contract says a socket ends within 5 s of its right to listen. */
const RIGHT_ENDS_WITHIN_MS = 5000;

/**
 * The live feed as a user of the contract meets it, through nginx in front of
 * the four-node cluster: every event to every client however it was written,
 * and to nobody who lost the right to see it.
 */
describe('a live feed admins can trust', () => {
  let env: TestEnvironment;
  let cluster: TestCluster;
  let baseUrl: string;
  let boss: ApiClient;
  let kioskTokens: string[];
  let adminCount = 0;
  const output = new PassThrough();
  output.resume();

  before(async () => {
    env = await createTestEnvironment({ LOG_LEVEL: 'warn', OUTBOX_RELAY_AFTER_SECONDS: '2' });
    await createAdmin(env.db, env.config);
    // Thirty kiosks for the burst: a kiosk sends one entry at a time, and its guesses in flight count against its PIN budget.
    kioskTokens = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => (await createDevice(env.db, `Kiosk Feed ${i + 1}`)).token),
    );
    cluster = await startTestCluster(env, { logs: output });
    baseUrl = cluster.nginxUrl;
    boss = await new ApiClient(baseUrl).login(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await cluster?.stop();
    await env.cleanup();
  });

  /** Another admin account, logged in once; `login()` opens another session of the same account. */
  async function anotherAdmin() {
    adminCount += 1;
    const email = `admin${adminCount}@test.local`;
    const password = 'admin-password-2';
    const created = await createAdmin(env.db, env.config, {
      email,
      password,
      employee_code: `ADM1${String(adminCount).padStart(2, '0')}`,
    });
    const login = () => new ApiClient(baseUrl).login(email, password);
    return { id: created.id, email, password, login, session: await login() };
  }

  /** Resolves with what the server said and how long after `since` the socket was ended. */
  function endOf(socket: AdminSocket, since: () => number) {
    return new Promise<{ reason: string | undefined; afterMs: number; disconnect: string }>((resolve) => {
      let reason: string | undefined;
      socket.socket.on('session.ended', (payload: { reason: string }) => (reason = payload.reason));
      socket.socket.on('disconnect', (disconnect) =>
        resolve({ reason, afterMs: performance.now() - since(), disconnect }),
      );
    });
  }

  async function assertEndedPromptly(ending: ReturnType<typeof endOf>, expectedReason: string) {
    const ended = await ending;
    assert.equal(ended.reason, expectedReason);
    assert.equal(
      ended.disconnect,
      'io server disconnect',
      'the server ended it, and told the client not to come back by itself',
    );
    assert.ok(
      ended.afterMs < RIGHT_ENDS_WITHIN_MS,
      `the socket ended ${Math.round(ended.afterMs)} ms after its right did`,
    );
  }

  it('during a burst of 300 check-ins a client written from the plain event contract gets all 300 attendance.created under their own name, and a client that asked for batching gets all 300 too', async () => {
    const codes = await createKioskEmployees(env.db, env.config, 'BURST', 300);
    const plain = await connectAdminSocket(baseUrl, boss.cookie, { batch: false });
    const batching = await connectAdminSocket(baseUrl, boss.cookie);
    const plainFrames: string[] = [];
    plain.socket.onAny((type: string) => plainFrames.push(type));
    try {
      // With both workers stopped the events wait in the queue; when they are back they publish them all at once, as in a rush.
      await Promise.all([cluster.kill('broadcast-1'), cluster.kill('broadcast-2')]);
      const kiosks = kioskTokens.map((token) => new ApiClient(baseUrl).withBearer(token));
      const checkIns = await Promise.all(
        codes.map((code, i) =>
          kiosks[i % kiosks.length].post('/api/kiosk/check-in', { employee_code: code, pin: '1234' }),
        ),
      );
      assert.deepEqual(new Set(checkIns.map((r) => r.status)), new Set([201]));
      await Promise.all([cluster.start('broadcast-1'), cluster.start('broadcast-2')]);
      const ids = new Set(checkIns.map((r) => r.body.data.id as number));
      const allOf = (socket: AdminSocket) =>
        socket.waitFor(
          (events) =>
            new Set(
              events.filter((e) => ids.has((e.data as { id: number }).id)).map((e) => (e.data as { id: number }).id),
            ).size === ids.size,
          45_000,
        );
      await Promise.all([allOf(plain), allOf(batching)]);

      assert.ok(!plainFrames.includes('events.batch'), 'the plain client never gets a batch it did not ask for');
      const burstEvents = new Set(plain.events.filter((e) => ids.has((e.data as { id: number }).id)).map((e) => e.id));
      const burstFrames = plain.frames.filter((f) => f.ids.some((id) => burstEvents.has(id)));
      assert.equal(burstFrames.length, 300, 'one frame per event');
      assert.ok(burstFrames.every((f) => f.type === 'attendance.created' && f.ids.length === 1));
      assert.ok(
        batching.frames.some((f) => f.type === 'events.batch'),
        'the client that asked got some of the burst batched',
      );
      assert.ok(
        batching.frames.length < plain.frames.length,
        `${batching.frames.length} frames for the batching client, ${plain.frames.length} for the plain one`,
      );
    } finally {
      plain.close();
      batching.close();
    }
  });

  it('after logout the admin socket of that session is ended within 5 s with the reason, and a reconnect gets unauthorized', async () => {
    const admin = await anotherAdmin();
    const socket = await connectAdminSocket(baseUrl, admin.session.cookie);
    let loggedOutAt = Number.NaN;
    const ending = endOf(socket, () => loggedOutAt);
    assert.equal((await admin.session.post('/api/auth/logout')).status, 204);
    loggedOutAt = performance.now();
    await assertEndedPromptly(ending, 'session_ended');
    await assert.rejects(connectAdminSocket(baseUrl, admin.session.cookie), { message: 'unauthorized' });
  });

  it('when an admin is deactivated, their sockets end within 5 s and every session of theirs stops working', async () => {
    const admin = await anotherAdmin();
    const second = await admin.login();
    const socket = await connectAdminSocket(baseUrl, admin.session.cookie);
    let changedAt = Number.NaN;
    const ending = endOf(socket, () => changedAt);
    assert.equal((await boss.patch(`/api/admin/users/${admin.id}`, { active: false })).status, 200);
    changedAt = performance.now();
    await assertEndedPromptly(ending, 'session_ended');
    for (const session of [admin.session, second]) assert.equal((await session.get('/api/auth/me')).status, 401);
    await assert.rejects(connectAdminSocket(baseUrl, second.cookie), { message: 'unauthorized' });
  });

  it('when an admin is demoted to employee, their admin socket ends within 5 s and a reconnect gets unauthorized', async () => {
    const admin = await anotherAdmin();
    const socket = await connectAdminSocket(baseUrl, admin.session.cookie);
    let changedAt = Number.NaN;
    const ending = endOf(socket, () => changedAt);
    assert.equal((await boss.patch(`/api/admin/users/${admin.id}`, { role: 'employee' })).status, 200);
    changedAt = performance.now();
    await assertEndedPromptly(ending, 'not_an_admin');
    await assert.rejects(connectAdminSocket(baseUrl, admin.session.cookie), { message: 'unauthorized' });
    assert.equal(
      (await admin.session.get('/api/auth/me')).body.data.user.role,
      'employee',
      'the session itself lives on, as an employee',
    );
  });

  it("when an admin's password is changed, their sockets end within 5 s and their other sessions with them", async () => {
    const admin = await anotherAdmin();
    const second = await admin.login();
    const socket = await connectAdminSocket(baseUrl, second.cookie);
    let changedAt = Number.NaN;
    const ending = endOf(socket, () => changedAt);
    assert.equal((await boss.patch(`/api/admin/users/${admin.id}`, { password: 'a-new-password-3' })).status, 200);
    changedAt = performance.now();
    await assertEndedPromptly(ending, 'session_ended');
    for (const session of [admin.session, second]) assert.equal((await session.get('/api/auth/me')).status, 401);
    await admin.session.login(admin.email, 'a-new-password-3');
  });

  it('an admin who changes their own password stays signed in where they did it, and their other sessions end', async () => {
    const admin = await anotherAdmin();
    const elsewhere = await admin.login();
    const socket = await connectAdminSocket(baseUrl, elsewhere.cookie);
    const here = await connectAdminSocket(baseUrl, admin.session.cookie);
    try {
      let changedAt = Number.NaN;
      const ending = endOf(socket, () => changedAt);
      assert.equal(
        (await admin.session.patch(`/api/admin/users/${admin.id}`, { password: 'my-own-new-password' })).status,
        200,
      );
      changedAt = performance.now();
      await assertEndedPromptly(ending, 'session_ended');
      assert.equal((await elsewhere.get('/api/auth/me')).status, 401);
      assert.equal((await admin.session.get('/api/auth/me')).status, 200);
      assert.ok(here.socket.connected, 'the socket of the session that made the change stays');
    } finally {
      here.close();
    }
  });

  it('when a session expires, its admin socket ends within 5 s', async () => {
    const admin = await anotherAdmin();
    const socket = await connectAdminSocket(baseUrl, admin.session.cookie);
    const redis = createRedis(env.config.redisUrl);
    try {
      let expiredAt = Number.NaN;
      const ending = endOf(socket, () => expiredAt);
      // What Redis does at the end of the session's TTL, brought forward.
      assert.equal(await redis.pexpire(sessionStoreKey(env.config, sessionIdOf(admin.session.cookie!)), 1), 1);
      expiredAt = performance.now();
      await assertEndedPromptly(ending, 'session_ended');
    } finally {
      redis.disconnect();
    }
  });

  it('the default namespace / accepts no connection, even with an admin session', async () => {
    const socket: Socket = io(baseUrl, {
      transports: ['websocket'],
      extraHeaders: { cookie: boss.cookie! },
      reconnection: false,
      forceNew: true,
    });
    try {
      const error = await new Promise<Error>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('the default namespace accepted a connection')));
      });
      assert.equal(error.message, 'unauthorized');
    } finally {
      socket.close();
    }
  });
});

/** The session id inside express-session's signed cookie value, `s:<id>.<signature>`. */
function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return value.slice(2, value.lastIndexOf('.'));
}
