import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createEmployee } from '../support/fixtures';

describe('auth', () => {
  let env: TestEnvironment;
  let nodes: RunningNode[];

  before(async () => {
    env = await createTestEnvironment();
    nodes = [await startTestNode(env), await startTestNode(env)];
    await createAdmin(env.db, env.config);
  });

  after(async () => {
    await Promise.all(nodes.map((node) => node.shutdown('test done')));
    await env.cleanup();
  });

  it('an admin logs in with email and password and gets an HttpOnly, SameSite=Lax session cookie', async () => {
    const client = new ApiClient(nodes[0].url);
    const res = await client.post('/api/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.user.email, ADMIN.email);
    assert.equal(res.body.data.user.role, 'admin');
    assert.equal('password_hash' in res.body.data.user, false);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  it('a session made on one node is honoured by every other node', async () => {
    const client = await new ApiClient(nodes[0].url).login(ADMIN.email, ADMIN.password);
    const elsewhere = new ApiClient(nodes[1].url);
    elsewhere.cookie = client.cookie;
    const me = await elsewhere.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.data.user.email, ADMIN.email);
  });

  it('logging out ends the session everywhere: /me answers 401 afterwards', async () => {
    const client = await new ApiClient(nodes[0].url).login(ADMIN.email, ADMIN.password);
    const cookie = client.cookie;
    assert.equal((await client.post('/api/auth/logout')).status, 204);
    const stale = new ApiClient(nodes[1].url);
    stale.cookie = cookie;
    const me = await stale.get('/api/auth/me');
    assert.equal(me.status, 401);
    assert.equal(me.body.error.code, 'unauthorized');
  });

  it('a wrong password gets 401 invalid_credentials, the same answer as an unknown email', async () => {
    const client = new ApiClient(nodes[0].url);
    const wrong = await client.post('/api/auth/login', { email: ADMIN.email, password: 'not-it' });
    const unknown = await client.post('/api/auth/login', { email: 'nobody@test.local', password: 'not-it' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'invalid_credentials');
    assert.deepEqual(unknown.body, wrong.body);
  });

  it('after five failed logins the sixth attempt gets 429 with Retry-After on any node, even with the right password', async () => {
    const employee = await createEmployee(env.db, env.config, 'EMP900', { password: 'right-password' });
    for (let i = 0; i < 5; i++) {
      const node = nodes[i % 2];
      assert.equal(
        (await new ApiClient(node.url).post('/api/auth/login', { email: employee.email, password: 'wrong' })).status,
        401,
      );
    }
    const blocked = await new ApiClient(nodes[1].url).post('/api/auth/login', {
      email: employee.email,
      password: 'right-password',
    });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'too_many_attempts');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });

  it('60 parallel wrong passwords for one account get at most LOGIN_MAX_FAILURES answers of 401, the rest 429, and then the right password is refused too', async () => {
    const employee = await createEmployee(env.db, env.config, 'EMP902', { password: 'right-password' });
    const address = { 'x-forwarded-for': '203.0.113.10' };
    const { loginMaxFailures } = env.config.throttle;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        new ApiClient(nodes[i % 2].url).post(
          '/api/auth/login',
          { email: employee.email, password: `wrong-${i}` },
          address,
        ),
      ),
    );
    const verified = answers.filter((res) => res.status === 401).length;
    assert.ok(verified >= 1 && verified <= loginMaxFailures, `${verified} guesses were checked`);
    assert.deepEqual(
      answers.filter((res) => res.status !== 401).map((res) => [res.status, res.body.error.code]),
      Array(60 - verified).fill([429, 'too_many_attempts']),
    );
    const blocked = await new ApiClient(nodes[0].url).post(
      '/api/auth/login',
      { email: employee.email, password: 'right-password' },
      address,
    );
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });

  it('wrong passwords over many emails from one address get 429 after LOGIN_MAX_FAILURES_PER_ADDRESS, even for the right password, while another address still logs in', async () => {
    const address = { 'x-forwarded-for': '203.0.113.20' };
    const { loginMaxFailuresPerAddress } = env.config.throttle;
    const client = new ApiClient(nodes[0].url);
    for (let i = 0; i < loginMaxFailuresPerAddress; i++) {
      assert.equal(
        (await client.post('/api/auth/login', { email: `sprayed-${i}@test.local`, password: 'Password1' }, address))
          .status,
        401,
        `guess ${i + 1}`,
      );
    }
    const next = await client.post(
      '/api/auth/login',
      { email: 'sprayed-next@test.local', password: 'Password1' },
      address,
    );
    assert.equal(next.status, 429);
    assert.equal(next.body.error.code, 'too_many_attempts');
    assert.ok(Number(next.headers.get('retry-after')) > 0);
    assert.equal((await client.post('/api/auth/login', ADMIN, address)).status, 429);
    assert.equal(
      (await new ApiClient(nodes[1].url).post('/api/auth/login', ADMIN, { 'x-forwarded-for': '203.0.113.21' })).status,
      200,
    );
  });

  it("tries at a locked account do not spend its address's budget: after 30 answers of 429 for one account, another logs in from the same address", async () => {
    const address = { 'x-forwarded-for': '203.0.113.25' };
    const locked = await createEmployee(env.db, env.config, 'EMP903');
    const guess = () =>
      new ApiClient(nodes[0].url).post('/api/auth/login', { email: locked.email, password: 'wrong' }, address);
    for (let i = 0; i < env.config.throttle.loginMaxFailures; i++) assert.equal((await guess()).status, 401);
    for (let i = 0; i < 30; i++) assert.equal((await guess()).status, 429);
    assert.equal((await new ApiClient(nodes[1].url).post('/api/auth/login', ADMIN, address)).status, 200);
  });

  it('a right password does not count against its address: after one short of LOGIN_MAX_FAILURES_PER_ADDRESS wrong ones and a login, the next wrong one is still answered 401', async () => {
    const address = { 'x-forwarded-for': '203.0.113.30' };
    const { loginMaxFailuresPerAddress } = env.config.throttle;
    const guess = (i: number) =>
      new ApiClient(nodes[i % 2].url).post(
        '/api/auth/login',
        { email: `typo-${i}@test.local`, password: 'Password1' },
        address,
      );
    for (let i = 1; i < loginMaxFailuresPerAddress; i++) assert.equal((await guess(i)).status, 401, `guess ${i}`);
    assert.equal((await new ApiClient(nodes[0].url).post('/api/auth/login', ADMIN, address)).status, 200);
    assert.equal((await guess(loginMaxFailuresPerAddress)).status, 401);
    assert.equal((await guess(loginMaxFailuresPerAddress + 1)).status, 429);
  });

  it('logins the database could not check do not count as failures: after more than LOGIN_MAX_FAILURES answers of 503, the right password still logs in', async () => {
    const address = { 'x-forwarded-for': '203.0.113.40' };
    const downNode = await startTestNode(env, undefined, { DATABASE_URL: 'mysql://root@127.0.0.1:1/absensi_down' });
    try {
      for (let i = 0; i <= env.config.throttle.loginMaxFailures; i++) {
        const res = await new ApiClient(downNode.url).post('/api/auth/login', ADMIN, address);
        assert.equal(res.status, 503, `attempt ${i + 1}`);
        assert.equal(res.body.error.code, 'database_unavailable');
      }
    } finally {
      await downNode.shutdown('test done');
    }
    assert.equal((await new ApiClient(nodes[0].url).post('/api/auth/login', ADMIN, address)).status, 200);
  });

  it('a login with a malformed body gets 400 validation_failed naming the fields', async () => {
    const res = await new ApiClient(nodes[0].url).post('/api/auth/login', { email: 'not-an-email' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path).sort(), ['email', 'password']);
  });

  it('a deactivated employee cannot log in, and their open session stops working at once', async () => {
    const employee = await createEmployee(env.db, env.config, 'EMP901');
    const session = await new ApiClient(nodes[0].url).login(employee.email!, 'employee-pass-1');
    await env.db('users').where({ id: employee.id }).update({ active: false });
    assert.equal((await session.get('/api/auth/me')).status, 401);
    assert.equal((await session.post('/api/attendances/check-in')).status, 401);
    const again = await new ApiClient(nodes[0].url).post('/api/auth/login', {
      email: employee.email,
      password: 'employee-pass-1',
    });
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, 'account_inactive');
  });
});
