import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config';

const scratch = () => mkdtempSync(join(tmpdir(), 'absensi-config-'));
const secret = 'x'.repeat(32);

describe('configuration', () => {
  it('a bad configuration stops boot with one line per problem', () => {
    const error = (() => {
      try {
        loadConfig(
          { PORT: 'eighty', ORG_TIMEZONE: 'Mars/Olympus', WORK_START: '8am', DATABASE_URL: 'postgres://x' },
          scratch(),
        );
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), [
      'DATABASE_URL',
      'ORG_TIMEZONE',
      'PORT',
      'WORK_START',
    ]);
    assert.match(error.message, /^Invalid configuration:\n {2}- /);
  });

  it('production refuses to start without its secrets instead of inventing them', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }, scratch()),
      (e: ConfigError) => e.problems.length === 4 && e.problems.every((p) => /required in production/.test(p)),
    );
  });

  it('a process that reads none of the app secrets (a worker, the migration) starts in production without them', () => {
    const config = loadConfig({ NODE_ENV: 'production' }, scratch(), []);
    assert.equal(config.env, 'production');
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }, scratch(), ['PIN_PEPPER']),
      (e: ConfigError) => e.problems.length === 1 && /^PIN_PEPPER: required in production/.test(e.problems[0]!),
    );
  });

  it('the Redis password, from REDIS_PASSWORD or its secret file, goes into the URL every client uses', () => {
    const dir = scratch();
    const file = join(dir, 'redis_password');
    writeFileSync(file, 'f00d'.repeat(8));
    assert.equal(
      loadConfig({ REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD_FILE: file }, dir).redisUrl,
      `redis://:${'f00d'.repeat(8)}@redis:6379`,
    );
    assert.equal(
      loadConfig({ REDIS_URL: 'redis://redis:6379/2', REDIS_PASSWORD: 'p@ss' }, dir).redisUrl,
      'redis://:p%40ss@redis:6379/2',
    );
    assert.equal(loadConfig({}, dir).redisUrl, 'redis://127.0.0.1:6379');
  });

  it('nodes and worker metrics listen on loopback unless HOST says otherwise (the image says 0.0.0.0)', () => {
    assert.equal(loadConfig({}, scratch()).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }, scratch()).host, '0.0.0.0');
  });

  it('outside production the secrets are generated once and reused, so every local node shares them', () => {
    const dir = scratch();
    const first = loadConfig({}, dir);
    const second = loadConfig({}, dir);
    assert.equal(first.session.secret.length, 64);
    assert.equal(second.session.secret, first.session.secret);
    assert.equal(second.pinPepper, first.pinPepper);
    assert.match(readFileSync(join(dir, '.data/dev-secrets.json'), 'utf8'), /PIN_PEPPER/);
  });

  it('a secret can come from a *_FILE (Docker and Swarm secrets) and wins over the plain variable', () => {
    const dir = scratch();
    const file = join(dir, 'session_secret');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        SESSION_SECRET: secret,
        SESSION_SECRET_FILE: file,
        PIN_PEPPER: secret,
        SERVICE_TOKEN: secret,
        ALERT_SECRET_KEY: secret,
      },
      dir,
    );
    assert.equal(config.session.secret, 's'.repeat(40));
    assert.throws(
      () =>
        loadConfig(
          {
            NODE_ENV: 'production',
            SESSION_SECRET_FILE: join(dir, 'missing'),
            PIN_PEPPER: secret,
            SERVICE_TOKEN: secret,
          },
          dir,
        ),
      /SESSION_SECRET_FILE: cannot read/,
    );
  });

  it('the org defaults are Asia/Jakarta, 08:00, fifteen minutes of tolerance and a Monday-to-Friday week', () => {
    const config = loadConfig({}, scratch());
    assert.deepEqual(config.org, {
      timezone: 'Asia/Jakarta',
      workStart: '08:00',
      workEnd: '17:00',
      lateToleranceMinutes: 15,
      workDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    });
    assert.deepEqual(
      loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }, scratch()).allowedOrigins,
      ['https://a.example', 'https://b.example'],
    );
  });

  it('WORK_DAYS takes weekday names in any case and refuses a day that is not one, naming the setting', () => {
    assert.deepEqual(loadConfig({ WORK_DAYS: 'Mon, tue,WED,thu,fri,sat' }, scratch()).org.workDays, [
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
    ]);
    assert.throws(
      () => loadConfig({ WORK_DAYS: 'mon,funday' }, scratch()),
      (error: Error) => /WORK_DAYS/.test(error.message),
    );
  });

  it('a stalled database or Redis is given up on after 1.5 s and 1 s by default, and an operator can change both', () => {
    const defaults = loadConfig({}, scratch());
    assert.deepEqual(defaults.databaseTimeouts, { acquireMs: 1000, queryMs: 1500 });
    assert.equal(defaults.redisCommandTimeoutMs, 1000);
    const set = loadConfig(
      { DATABASE_ACQUIRE_TIMEOUT_MS: '2000', DATABASE_QUERY_TIMEOUT_MS: '30000', REDIS_COMMAND_TIMEOUT_MS: '250' },
      scratch(),
    );
    assert.deepEqual([set.databaseTimeouts, set.redisCommandTimeoutMs], [{ acquireMs: 2000, queryMs: 30_000 }, 250]);
    // 0 would not mean "no limit": ioredis would time every command out at once.
    assert.throws(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' }, scratch()), /REDIS_COMMAND_TIMEOUT_MS/);
  });
});
