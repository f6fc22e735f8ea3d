import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningNode } from '../../server/node';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createEmployee } from '../support/fixtures';

// Monday 23 Nov 2026, 07:30 in Asia/Jakarta: a normal working morning for the kiosk checks.
const MONDAY_0730_WIB = '2026-11-23T00:30:00.000Z';

interface UserJson {
  id: number;
  employee_code: string;
  name: string;
  email: string | null;
  role: 'admin' | 'employee';
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
  created_at: string;
  updated_at: string;
}

describe('admin users API', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let admin: ApiClient;
  let adminId: number;
  const clock = createTestClock(MONDAY_0730_WIB);

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env, clock);
    adminId = (await createAdmin(env.db, env.config)).id;
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await node?.shutdown('test done');
    await env?.cleanup();
  });

  const countUsers = async () => Number((await env.db('users').count({ n: '*' }))[0].n);

  async function addEmployee(body: Record<string, unknown>): Promise<UserJson> {
    const res = await admin.post('/api/admin/users', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data;
  }

  function detailPaths(body: { error: { details?: { path: string; message: string }[] } }): string[] {
    return (body.error.details ?? []).map((d) => d.path).sort();
  }

  describe('listing', () => {
    before(async () => {
      // Five employees whose code starts with LST, two of them deactivated, and one admin with that prefix.
      for (const n of [1, 2, 3, 4, 5]) {
        await addEmployee({
          employee_code: `LST00${n}`,
          name: `Daftar ${n}`,
          email: `lst00${n}@test.local`,
          password: 'employee-pass-1',
          pin: '1234',
          active: n <= 3,
        });
      }
      await addEmployee({
        employee_code: 'LSTADM',
        name: 'Daftar Admin',
        email: 'lstadm@test.local',
        password: 'admin-password-2',
        role: 'admin',
      });
      await addEmployee({ employee_code: 'UND_ER', name: 'Garis Bawah', pin: '4321' });
    });

    it('an admin pages through users with meta {page, per_page, total, last_page}, ordered by employee code', async () => {
      const first = await admin.get('/api/admin/users?q=LST&per_page=4');
      assert.equal(first.status, 200);
      assert.equal(first.body.success, true);
      assert.deepEqual(first.body.meta, { page: 1, per_page: 4, total: 6, last_page: 2 });
      assert.deepEqual(
        first.body.data.map((u: UserJson) => u.employee_code),
        ['LST001', 'LST002', 'LST003', 'LST004'],
      );

      const second = await admin.get('/api/admin/users?q=LST&per_page=4&page=2');
      assert.deepEqual(second.body.meta, { page: 2, per_page: 4, total: 6, last_page: 2 });
      assert.deepEqual(
        second.body.data.map((u: UserJson) => u.employee_code),
        ['LST005', 'LSTADM'],
      );
    });

    it('without paging parameters the list starts at page 1 with 20 per page and counts every user', async () => {
      const res = await admin.get('/api/admin/users');
      assert.equal(res.status, 200);
      const total = await countUsers();
      assert.deepEqual(res.body.meta, { page: 1, per_page: 20, total, last_page: Math.max(1, Math.ceil(total / 20)) });
      assert.equal(res.body.data.length, Math.min(total, 20));
    });

    it('a page past the end is empty but still tells the real total and last page', async () => {
      const res = await admin.get('/api/admin/users?q=LST&per_page=4&page=9');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, []);
      assert.deepEqual(res.body.meta, { page: 9, per_page: 4, total: 6, last_page: 2 });
    });

    it('the q filter matches name, employee code or email', async () => {
      const byName = await admin.get('/api/admin/users?q=Daftar%203');
      assert.deepEqual(
        byName.body.data.map((u: UserJson) => u.employee_code),
        ['LST003'],
      );
      const byEmail = await admin.get('/api/admin/users?q=lst004%40test');
      assert.deepEqual(
        byEmail.body.data.map((u: UserJson) => u.employee_code),
        ['LST004'],
      );
      const byCode = await admin.get('/api/admin/users?q=lst005');
      assert.deepEqual(
        byCode.body.data.map((u: UserJson) => u.employee_code),
        ['LST005'],
      );
    });

    it('searching for "_" finds only users with an underscore, not every user (LIKE wildcards are escaped)', async () => {
      const res = await admin.get('/api/admin/users?q=_');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.data.map((u: UserJson) => u.employee_code),
        ['UND_ER'],
      );
      assert.equal(res.body.meta.total, 1);
    });

    it('the role filter shows only admins or only employees', async () => {
      const admins = await admin.get('/api/admin/users?q=LST&role=admin');
      assert.deepEqual(
        admins.body.data.map((u: UserJson) => u.employee_code),
        ['LSTADM'],
      );
      assert.equal(admins.body.meta.total, 1);
      const employees = await admin.get('/api/admin/users?q=LST&role=employee');
      assert.deepEqual(
        employees.body.data.map((u: UserJson) => u.employee_code),
        ['LST001', 'LST002', 'LST003', 'LST004', 'LST005'],
      );
    });

    it('the active filter separates deactivated users from active ones', async () => {
      const inactive = await admin.get('/api/admin/users?q=LST&active=false');
      assert.deepEqual(
        inactive.body.data.map((u: UserJson) => [u.employee_code, u.active]),
        [
          ['LST004', false],
          ['LST005', false],
        ],
      );
      const active = await admin.get('/api/admin/users?q=LST&active=true&role=employee');
      assert.deepEqual(
        active.body.data.map((u: UserJson) => [u.employee_code, u.active]),
        [
          ['LST001', true],
          ['LST002', true],
          ['LST003', true],
        ],
      );
    });

    it('bad list parameters (per_page over 100, page 0, unknown role, active=maybe) get 400 validation_failed naming each', async () => {
      const res = await admin.get('/api/admin/users?per_page=101&page=0&role=boss&active=maybe');
      assert.equal(res.status, 400);
      assert.equal(res.body.success, false);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(detailPaths(res.body), ['active', 'page', 'per_page', 'role']);
    });

    it('no list item ever carries a password or PIN hash', async () => {
      const res = await admin.get('/api/admin/users?per_page=100');
      assert.ok(res.body.data.length > 0);
      for (const user of res.body.data) {
        assert.equal('password_hash' in user, false);
        assert.equal('pin_hash' in user, false);
        assert.equal(typeof user.has_pin, 'boolean');
        assert.equal(typeof user.has_password, 'boolean');
      }
    });
  });

  describe('creating', () => {
    it('when an admin adds an employee they get 201 with has_pin/has_password and never a hash', async () => {
      const res = await admin.post('/api/admin/users', {
        employee_code: 'new001',
        name: '  Budi Santoso ',
        email: 'Budi@Example.COM',
        password: 'rahasia-123',
        pin: '2468',
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.success, true);
      const user = res.body.data;
      assert.deepEqual(
        {
          employee_code: user.employee_code,
          name: user.name,
          email: user.email,
          role: user.role,
          active: user.active,
          has_pin: user.has_pin,
          has_password: user.has_password,
        },
        {
          employee_code: 'NEW001',
          name: 'Budi Santoso',
          email: 'budi@example.com',
          role: 'employee',
          active: true,
          has_pin: true,
          has_password: true,
        },
      );
      assert.equal(typeof user.id, 'number');
      assert.ok(!Number.isNaN(Date.parse(user.created_at)));
      assert.doesNotMatch(JSON.stringify(res.body), /hash"|argon2|2468|rahasia-123/);

      const fetched = await admin.get(`/api/admin/users/${user.id}`);
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.body.data, user);
    });

    it('an employee added with only a code and a name has no PIN, no password and no email', async () => {
      const user = await addEmployee({ employee_code: 'BARE01', name: 'Tanpa Rahasia' });
      assert.deepEqual(
        { email: user.email, has_pin: user.has_pin, has_password: user.has_password, role: user.role },
        { email: null, has_pin: false, has_password: false, role: 'employee' },
      );
    });

    it('the new employee can log in with the password the admin set', async () => {
      await addEmployee({
        employee_code: 'LOGIN1',
        name: 'Bisa Masuk',
        email: 'login1@test.local',
        password: 'password-login-1',
      });
      const employee = await new ApiClient(node.url).login('login1@test.local', 'password-login-1');
      const me = await employee.get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.data.user.employee_code, 'LOGIN1');
    });

    it('when an admin adds an employee whose code is taken (any letter case), they get 409 employee_code_taken and nothing is written', async () => {
      await addEmployee({ employee_code: 'DUP001', name: 'Asli', email: 'dup001@test.local' });
      const before = await countUsers();
      const res = await admin.post('/api/admin/users', {
        employee_code: 'dup001',
        name: 'Tiruan',
        email: 'other-dup@test.local',
      });
      assert.equal(res.status, 409);
      assert.equal(res.body.success, false);
      assert.equal(res.body.error.code, 'employee_code_taken');
      assert.equal(await countUsers(), before);
      assert.equal(await env.db('users').where({ email: 'other-dup@test.local' }).first(), undefined);
    });

    it('when an admin adds a user whose email is taken (any letter case), they get 409 email_taken and nothing is written', async () => {
      await addEmployee({ employee_code: 'DUP002', name: 'Asli', email: 'dup002@test.local' });
      const before = await countUsers();
      const res = await admin.post('/api/admin/users', {
        employee_code: 'DUP003',
        name: 'Tiruan',
        email: 'DUP002@Test.Local',
      });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'email_taken');
      assert.equal(await countUsers(), before);
      assert.equal(await env.db('users').where({ employee_code: 'DUP003' }).first(), undefined);
    });

    it('bad fields get 400 validation_failed naming each path (pin "12ab", email "x", a short password, an unknown field)', async () => {
      const before = await countUsers();
      const res = await admin.post('/api/admin/users', {
        employee_code: 'BAD 1',
        name: '',
        email: 'x',
        password: 'short',
        pin: '12ab',
        role: 'boss',
        nickname: 'Bud',
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.success, false);
      assert.equal(res.body.error.code, 'validation_failed');
      const details: { path: string; message: string }[] = res.body.error.details;
      for (const path of ['employee_code', 'name', 'email', 'password', 'pin', 'role']) {
        assert.ok(
          details.some((d) => d.path === path),
          `expected a problem for ${path}, got ${JSON.stringify(details)}`,
        );
      }
      assert.ok(
        details.some((d) => d.path === 'nickname'),
        `expected the unknown field to be named, got ${JSON.stringify(details)}`,
      );
      assert.equal(await countUsers(), before);
    });

    it('a PIN of 3 or 7 digits is refused: PINs are 4 to 6 digits', async () => {
      for (const pin of ['123', '1234567']) {
        const res = await admin.post('/api/admin/users', { employee_code: 'PINLEN', name: 'Pin Salah', pin });
        assert.equal(res.status, 400);
        assert.deepEqual(detailPaths(res.body), ['pin']);
      }
      assert.equal(await env.db('users').where({ employee_code: 'PINLEN' }).first(), undefined);
    });

    it('a missing employee code and name get 400 naming both', async () => {
      const res = await admin.post('/api/admin/users', { email: 'noname@test.local' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(detailPaths(res.body), ['employee_code', 'name']);
    });

    it('an admin without an email and a password gets 400 validation_failed naming both, since they could never log in', async () => {
      const before = await countUsers();
      const res = await admin.post('/api/admin/users', {
        employee_code: 'ADM900',
        name: 'Admin Tanpa Login',
        role: 'admin',
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(detailPaths(res.body), ['email', 'password']);

      const noPassword = await admin.post('/api/admin/users', {
        employee_code: 'ADM901',
        name: 'Admin Tanpa Sandi',
        role: 'admin',
        email: 'adm901@test.local',
      });
      assert.equal(noPassword.status, 400);
      assert.deepEqual(detailPaths(noPassword.body), ['password']);
      assert.equal(await countUsers(), before);
    });
  });

  describe('updating', () => {
    it('after an admin sets a new PIN, the kiosk checks the employee in with it and the old PIN gets 401 invalid_pin', async () => {
      const employee = await createEmployee(env.db, env.config, 'PIN001', { pin: '1111' });
      const device = await createDevice(env.db, 'Kiosk Lobi');
      const kiosk = new ApiClient(node.url).withBearer(device.token);

      const patched = await admin.patch(`/api/admin/users/${employee.id}`, { pin: '987654' });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.data.has_pin, true);
      assert.equal('pin_hash' in patched.body.data, false);

      const withOld = await kiosk.post('/api/kiosk/check-in', { employee_code: 'PIN001', pin: '1111' });
      assert.equal(withOld.status, 401);
      assert.equal(withOld.body.error.code, 'invalid_pin');

      const withNew = await kiosk.post('/api/kiosk/check-in', { employee_code: 'pin001', pin: '987654' });
      assert.equal(withNew.status, 201, JSON.stringify(withNew.body));
      assert.equal(withNew.body.data.user.id, employee.id);
      assert.equal(withNew.body.data.source, 'kiosk');
      assert.deepEqual(withNew.body.data.device, { id: device.id, name: 'Kiosk Lobi' });
    });

    it('after an admin changes an employee password, the old password no longer logs in and the new one does', async () => {
      const employee = await createEmployee(env.db, env.config, 'PWD001', { password: 'old-password-1' });
      const res = await admin.patch(`/api/admin/users/${employee.id}`, { password: 'new-password-1' });
      assert.equal(res.status, 200);
      const old = await new ApiClient(node.url).post('/api/auth/login', {
        email: 'pwd001@test.local',
        password: 'old-password-1',
      });
      assert.equal(old.status, 401);
      assert.equal(old.body.error.code, 'invalid_credentials');
      await new ApiClient(node.url).login('pwd001@test.local', 'new-password-1');
    });

    it('a PATCH changes only the fields it names', async () => {
      const employee = await createEmployee(env.db, env.config, 'PART01', { name: 'Nama Lama' });
      const res = await admin.patch(`/api/admin/users/${employee.id}`, { name: 'Nama Baru' });
      assert.equal(res.status, 200);
      assert.deepEqual(
        { ...res.body.data, updated_at: undefined },
        { ...employee, name: 'Nama Baru', updated_at: undefined },
      );
    });

    it('when an admin deactivates an employee, they can no longer log in (403 account_inactive) and their open session gets 401', async () => {
      const employee = await createEmployee(env.db, env.config, 'OFF001', { password: 'employee-pass-1' });
      const session = await new ApiClient(node.url).login('off001@test.local', 'employee-pass-1');
      assert.equal((await session.get('/api/auth/me')).status, 200);

      const res = await admin.patch(`/api/admin/users/${employee.id}`, { active: false });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.active, false);

      const me = await session.get('/api/auth/me');
      assert.equal(me.status, 401);
      assert.equal(me.body.success, false);
      const checkIn = await session.post('/api/attendances/check-in');
      assert.equal(checkIn.status, 401);

      const login = await new ApiClient(node.url).post('/api/auth/login', {
        email: 'off001@test.local',
        password: 'employee-pass-1',
      });
      assert.equal(login.status, 403);
      assert.equal(login.body.error.code, 'account_inactive');
    });

    it('a deactivated employee cannot check in at a kiosk either, and reactivating lets them again', async () => {
      const employee = await createEmployee(env.db, env.config, 'OFF002', { pin: '5555' });
      const kiosk = new ApiClient(node.url).withBearer((await createDevice(env.db, 'Kiosk Gudang')).token);
      await admin.patch(`/api/admin/users/${employee.id}`, { active: false });
      const refused = await kiosk.post('/api/kiosk/check-in', { employee_code: 'OFF002', pin: '5555' });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error.code, 'invalid_pin');

      await admin.patch(`/api/admin/users/${employee.id}`, { active: true });
      const accepted = await kiosk.post('/api/kiosk/check-in', { employee_code: 'OFF002', pin: '5555' });
      assert.equal(accepted.status, 201);
    });

    it('an admin cannot deactivate or demote themselves (409 cannot_lock_yourself_out) and stays an active admin', async () => {
      const deactivate = await admin.patch(`/api/admin/users/${adminId}`, { active: false });
      assert.equal(deactivate.status, 409);
      assert.equal(deactivate.body.error.code, 'cannot_lock_yourself_out');
      const demote = await admin.patch(`/api/admin/users/${adminId}`, { role: 'employee' });
      assert.equal(demote.status, 409);
      assert.equal(demote.body.error.code, 'cannot_lock_yourself_out');

      const me = await admin.get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.deepEqual(
        { role: me.body.data.user.role, active: me.body.data.user.active },
        { role: 'admin', active: true },
      );
    });

    it('an admin removing the email of another admin gets 400, since that admin could no longer log in', async () => {
      const other = await addEmployee({
        employee_code: 'ADM002',
        name: 'Admin Dua',
        email: 'adm002@test.local',
        password: 'admin-password-2',
        role: 'admin',
      });
      const res = await admin.patch(`/api/admin/users/${other.id}`, { email: null });
      assert.equal(res.status, 400);
      assert.deepEqual(detailPaths(res.body), ['email']);
      assert.equal((await env.db('users').where({ id: other.id }).first())?.email, 'adm002@test.local');
    });

    it('promoting an employee without a password to admin gets 400 naming password', async () => {
      const bare = await addEmployee({ employee_code: 'PROM01', name: 'Calon Admin', email: 'prom01@test.local' });
      const res = await admin.patch(`/api/admin/users/${bare.id}`, { role: 'admin' });
      assert.equal(res.status, 400);
      assert.deepEqual(detailPaths(res.body), ['password']);
      assert.equal((await env.db('users').where({ id: bare.id }).first())?.role, 'employee');
    });

    it('changing a user to a code or email someone else has gets 409 and leaves the user unchanged', async () => {
      const a = await createEmployee(env.db, env.config, 'UNQ001');
      const b = await createEmployee(env.db, env.config, 'UNQ002');
      const code = await admin.patch(`/api/admin/users/${b.id}`, { employee_code: 'unq001', name: 'Ganti Nama' });
      assert.equal(code.status, 409);
      assert.equal(code.body.error.code, 'employee_code_taken');
      const email = await admin.patch(`/api/admin/users/${b.id}`, { email: a.email });
      assert.equal(email.status, 409);
      assert.equal(email.body.error.code, 'email_taken');
      const row = await env.db('users').where({ id: b.id }).first();
      assert.deepEqual(
        { code: row.employee_code, name: row.name, email: row.email },
        { code: 'UNQ002', name: b.name, email: b.email },
      );
    });

    it('a PATCH with an empty body, or no body at all, gets 400 validation_failed', async () => {
      const employee = await createEmployee(env.db, env.config, 'EMPTY1');
      const empty = await admin.patch(`/api/admin/users/${employee.id}`, {});
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.code, 'validation_failed');
      const none = await admin.patch(`/api/admin/users/${employee.id}`);
      assert.equal(none.status, 400);
      assert.equal(none.body.error.code, 'validation_failed');
    });

    it('a PATCH with a bad field names it and changes nothing, even the valid fields sent alongside', async () => {
      const employee = await createEmployee(env.db, env.config, 'BADP01', { name: 'Tetap' });
      const res = await admin.patch(`/api/admin/users/${employee.id}`, { name: 'Berubah', pin: '12ab', active: 'no' });
      assert.equal(res.status, 400);
      assert.deepEqual(detailPaths(res.body), ['active', 'pin']);
      const row = await env.db('users').where({ id: employee.id }).first();
      assert.deepEqual({ name: row.name, active: Boolean(row.active) }, { name: 'Tetap', active: true });
    });

    it('a PATCH or GET of an unknown user id gets 404, and a non-numeric id gets 400', async () => {
      const patched = await admin.patch('/api/admin/users/999999', { name: 'Siapa' });
      assert.equal(patched.status, 404);
      assert.equal(patched.body.success, false);
      assert.equal(patched.body.error.code, 'not_found');
      const fetched = await admin.get('/api/admin/users/999999');
      assert.equal(fetched.status, 404);
      assert.equal(fetched.body.error.code, 'not_found');
      for (const id of ['abc', '0x10', '1e1', '-3']) {
        const bad = await admin.get(`/api/admin/users/${id}`);
        assert.equal(bad.status, 400, `id ${id}`);
        assert.deepEqual(detailPaths(bad.body), ['id']);
      }
    });
  });

  describe('who may use it', () => {
    it('an employee session gets 403 on every admin users endpoint', async () => {
      const employee = await createEmployee(env.db, env.config, 'NOADM1', { password: 'employee-pass-1' });
      const session = await new ApiClient(node.url).login('noadm1@test.local', 'employee-pass-1');
      const before = await countUsers();
      const attempts = [
        await session.get('/api/admin/users'),
        await session.get(`/api/admin/users/${employee.id}`),
        await session.post('/api/admin/users', { employee_code: 'HACK01', name: 'Peretas' }),
        await session.patch(`/api/admin/users/${employee.id}`, { role: 'admin' }),
      ];
      for (const res of attempts) {
        assert.equal(res.status, 403);
        assert.equal(res.body.success, false);
        assert.equal(res.body.error.code, 'forbidden');
      }
      assert.equal(await countUsers(), before);
      assert.equal((await env.db('users').where({ id: employee.id }).first())?.role, 'employee');
    });

    it('without a session every admin users endpoint gets 401', async () => {
      const anonymous = new ApiClient(node.url);
      const before = await countUsers();
      const attempts = [
        await anonymous.get('/api/admin/users'),
        await anonymous.get(`/api/admin/users/${adminId}`),
        await anonymous.post('/api/admin/users', { employee_code: 'ANON01', name: 'Anonim' }),
        await anonymous.patch(`/api/admin/users/${adminId}`, { active: false }),
      ];
      for (const res of attempts) {
        assert.equal(res.status, 401);
        assert.equal(res.body.success, false);
        assert.equal(res.body.error.code, 'unauthorized');
      }
      assert.equal(await countUsers(), before);
    });

    it('an admin who was demoted by another admin loses access on their very next request', async () => {
      await addEmployee({
        employee_code: 'ADM003',
        name: 'Admin Tiga',
        email: 'adm003@test.local',
        password: 'admin-password-3',
        role: 'admin',
      });
      const other = await new ApiClient(node.url).login('adm003@test.local', 'admin-password-3');
      assert.equal((await other.get('/api/admin/users')).status, 200);
      const me = (await other.get('/api/auth/me')).body.data.user;
      const demoted = await admin.patch(`/api/admin/users/${me.id}`, { role: 'employee' });
      assert.equal(demoted.status, 200);
      assert.equal((await other.get('/api/admin/users')).status, 403);
    });
  });
});
