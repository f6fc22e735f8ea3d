import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createEmployee } from '../support/fixtures';
import { startTestNode } from '../support/app-node';

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
      assert.equal((await new ApiClient(node.url).post('/api/auth/login', { email: employee.email, password: 'wrong' })).status, 401);
    }
    const blocked = await new ApiClient(nodes[1].url).post('/api/auth/login', { email: employee.email, password: 'right-password' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'too_many_attempts');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
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
    const again = await new ApiClient(nodes[0].url).post('/api/auth/login', { email: employee.email, password: 'employee-pass-1' });
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, 'account_inactive');
  });
});
