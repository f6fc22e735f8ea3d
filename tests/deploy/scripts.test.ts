import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { readDockerfile, stageNames } from '../../scripts/lib/dockerfile';
import { createDatabaseIfMissing, createDb, dropDatabase } from '../../server/db/knex';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { createEmployee } from '../support/fixtures';

const ROOT = new URL('../..', import.meta.url).pathname;
const FAKE_DOCKER_DIR = new URL('fixtures', import.meta.url).pathname;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script to completion; a non-zero exit is an outcome, not an error. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return promisify(execFile)(join(ROOT, 'scripts', script), args, { cwd: ROOT, env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('scripts/deploy-swarm.sh', () => {
  it('explains itself with --help', async () => {
    const { code, stdout } = await runScript('deploy-swarm.sh', ['--help']);
    assert.equal(code, 0);
    for (const option of ['--image', '--version', '--no-push', '--dry-run', '--smoke-url'])
      assert.match(stdout, new RegExp(option));
    assert.match(stdout, /rolls the app services back/);
  });

  it('refuses to run without an image repository', async () => {
    const { code, stderr } = await runScript('deploy-swarm.sh', [], { ABSENSI_IMAGE: '' });
    assert.equal(code, 1);
    assert.match(stderr, /--image is required/);
  });

  it('--dry-run prints the whole plan in order and changes nothing', async () => {
    const { code, stdout } = await runScript('deploy-swarm.sh', [
      '--image',
      'registry.example.com/absensi-live',
      '--version',
      '2.0.0',
      '--dry-run',
    ]);
    assert.equal(code, 0, stdout);
    assert.ok(stageNames(readDockerfile()).includes('runtime'));
    // Both nginx files: Swarm configs cannot change in place, so a change to either gets new names.
    const digest = createHash('sha256')
      .update(readFileSync(join(ROOT, 'nginx/nginx.conf')))
      .update(readFileSync(join(ROOT, 'nginx/real-ip.conf')))
      .digest('hex')
      .slice(0, 12);
    const steps = [
      /\+ docker node update --label-add absensi\.data=true/,
      /\+ docker secret create absensi_session_secret - +\(generated value, not shown\)/,
      /\+ docker build --target runtime --build-arg BUILD_REVISION=2\.0\.0 --tag registry\.example\.com\/absensi-live:2\.0\.0 /,
      /\+ docker push registry\.example\.com\/absensi-live:2\.0\.0/,
      new RegExp(
        `ABSENSI_VERSION=RUNNING_VERSION MIGRATE_VERSION=2\\.0\\.0 NGINX_CONF_DIGEST=${digest} docker stack deploy --with-registry-auth --compose-file \\S+docker-stack-production\\.yml absensi`,
      ),
      /would wait until the migration job of 2\.0\.0 completes/,
      /ABSENSI_VERSION=2\.0\.0 MIGRATE_VERSION=2\.0\.0 .*docker stack deploy/,
      /would wait until every service of absensi has converged/,
      /dry run complete: nothing was changed/,
    ];
    let from = 0;
    for (const step of steps) {
      const at = stdout.slice(from).search(step);
      assert.ok(at >= 0, `missing, or out of order: ${step}\n${stdout}`);
      from += at;
    }
  });

  it('passes exactly the variables the stack file requires', async () => {
    const required = [...readFileSync(join(ROOT, 'docker-stack-production.yml'), 'utf8').matchAll(/\$\{(\w+):\?/g)].map(
      (m) => m[1]!,
    );
    const { stdout } = await runScript('deploy-swarm.sh', ['--image', 'r/a', '--version', '1', '--dry-run']);
    const deployLine = stdout.split('\n').find((line) => line.includes('docker stack deploy'))!;
    const passed = [...deployLine.matchAll(/ (\w+)=/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(passed)].sort(), [...new Set(required)].sort());
  });

  /** A docker CLI stand-in (tests/deploy/fixtures/docker) and nginx answering the smoke test. */
  describe('against a Swarm', () => {
    let state: string;
    let smoke: Server;
    let readyStatus: number;
    const deploy = (...args: string[]) =>
      runScript(
        'deploy-swarm.sh',
        [
          '--image',
          'registry.example.com/absensi-live',
          '--version',
          '2.0.0',
          '--smoke-url',
          smokeUrl(),
          '--timeout',
          '20',
          ...args,
        ],
        {
          PATH: `${FAKE_DOCKER_DIR}:${process.env.PATH}`,
          FAKE_DOCKER: state,
        },
      );
    const smokeUrl = () => `http://127.0.0.1:${(smoke.address() as AddressInfo).port}`;
    const calls = () => readFileSync(join(state, 'calls'), 'utf8').trim().split('\n');
    const deploys = () => readFileSync(join(state, 'deploys'), 'utf8').trim().split('\n');
    const secret = (name: string) => readFileSync(join(state, `secret-${name}`), 'utf8');

    before(async () => {
      smoke = createServer((req, res) => {
        const status = req.url === '/api/ready' ? readyStatus : req.url === '/api/health' ? 200 : 404;
        res.writeHead(status).end();
      });
      await new Promise<void>((resolve) => smoke.listen(0, '127.0.0.1', resolve));
    });
    after(() => smoke.close());
    beforeEach(() => {
      state = mkdtempSync(join(tmpdir(), 'absensi-fake-docker-'));
      writeFileSync(join(state, 'swarm'), 'active true\n');
      readyStatus = 200;
    });

    it('stops before changing anything when this machine is not a Swarm manager', async () => {
      writeFileSync(join(state, 'swarm'), 'inactive false\n');
      const { code, stderr } = await deploy();
      assert.equal(code, 1);
      assert.match(stderr, /not a Swarm manager.*docker swarm init/);
      assert.deepEqual(
        calls().map((c) => c.split(' ')[0]),
        ['info'],
      );
    });

    it('on the first deploy creates every secret without printing one, then deploys, converges and passes the smoke test', async () => {
      const { code, stdout, stderr } = await deploy();
      assert.equal(code, 0, stdout + stderr);
      const password = secret('absensi_db_password');
      assert.match(password, /^[0-9a-f]{48}$/);
      assert.equal(secret('absensi_database_url'), `mysql://absensi:${password}@mariadb:3306/absensi`);
      for (const name of [
        'absensi_redis_password',
        'absensi_session_secret',
        'absensi_pin_pepper',
        'absensi_service_token',
        'absensi_alert_secret_key',
      ]) {
        assert.match(secret(name), /^[0-9a-f]{64}$/);
        assert.ok(!(stdout + stderr).includes(secret(name)), `${name} was printed`);
      }
      assert.ok(!(stdout + stderr).includes(password));
      assert.ok(calls().includes('node update --label-add absensi.data=true node-1'));
      assert.ok(calls().some((c) => c.startsWith('push registry.example.com/absensi-live:2.0.0')));
      assert.deepEqual(
        deploys().map((d) => d.split(' ').slice(1, 3).join(' ')),
        ['ABSENSI_VERSION=2.0.0 MIGRATE_VERSION=2.0.0'],
      );
      assert.match(stdout, /smoke test passed/);
    });

    it('run again, creates nothing and deploys the same version once', async () => {
      await deploy();
      writeFileSync(join(state, 'labelled'), 'node-1\n');
      writeFileSync(join(state, 'running-version'), '2.0.0\n');
      writeFileSync(join(state, 'calls'), '');
      writeFileSync(join(state, 'deploys'), '');
      const before = secret('absensi_session_secret');

      const { code } = await deploy();
      assert.equal(code, 0);
      assert.ok(!calls().some((c) => c.startsWith('secret create') || c.startsWith('node update')));
      assert.equal(secret('absensi_session_secret'), before);
      assert.equal(deploys().length, 1);
    });

    it('upgrading, runs the new migrations while the app services keep the running version, then rolls them', async () => {
      writeFileSync(join(state, 'running-version'), '1.9.0\n');
      const { code, stdout } = await deploy();
      assert.equal(code, 0, stdout);
      assert.deepEqual(
        deploys().map((d) => d.split(' ').slice(1, 3).join(' ')),
        ['ABSENSI_VERSION=1.9.0 MIGRATE_VERSION=2.0.0', 'ABSENSI_VERSION=2.0.0 MIGRATE_VERSION=2.0.0'],
      );
      const order = calls().filter((c) => c.startsWith('stack deploy') || c.startsWith('service ps'));
      assert.deepEqual(
        order.map((c) => c.split(' ').slice(0, 2).join(' ')),
        ['stack deploy', 'service ps', 'stack deploy'],
      );
    });

    it('when the smoke test fails, rolls the app services back and says so', async () => {
      readyStatus = 503;
      writeFileSync(join(state, 'running-version'), '1.9.0\n');
      const { code, stdout, stderr } = await deploy();
      assert.equal(code, 1);
      assert.match(stderr, /deploy of 2\.0\.0 failed/);
      assert.match(stdout, /rolled back/);
      for (const service of ['app', 'broadcast', 'scheduler', 'nginx'])
        assert.ok(calls().includes(`service rollback --detach=false absensi_${service}`), service);
    });

    it('when Swarm itself rolled an update back, reports the deploy as failed', async () => {
      writeFileSync(join(state, 'update-state'), 'rollback_completed\n');
      const { code, stdout } = await deploy();
      assert.equal(code, 1);
      assert.match(stdout, /update rollback_completed/);
    });
  });
});

describe('scripts/compose-secrets.sh', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'absensi-compose-secrets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates every secret file docker-compose.yml names, once, printing no value', async () => {
    const secrets = join(dir, 'secrets');
    const { code, stdout } = await runScript('compose-secrets.sh', ['--dir', secrets]);
    assert.equal(code, 0, stdout);
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      secrets: Record<string, { file: string }>;
    };
    const files = Object.values(compose.secrets).map((s) => s.file.replace(/^\.\/secrets\//, ''));
    assert.deepEqual(readdirSync(secrets).sort(), files.sort());
    const value = (name: string) => readFileSync(join(secrets, name), 'utf8');
    for (const name of files) assert.ok(!stdout.includes(value(name)), `${name} was printed`);
    assert.equal(value('database_url'), `mysql://absensi:${value('db_password')}@mariadb:3306/absensi`);
    assert.equal(statSync(secrets).mode & 0o777, 0o700, 'only root may enter the directory');

    const before = value('session_secret');
    const again = await runScript('compose-secrets.sh', ['--dir', secrets]);
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /created/);
    assert.equal(value('session_secret'), before);
  });
});

describe('scripts/backup-db.sh', () => {
  let env: TestEnvironment;
  let dir: string;

  before(async () => {
    env = await createTestEnvironment();
    await createEmployee(env.db, env.config, 'BACKUP01', { name: 'Putu Backup' });
    dir = mkdtempSync(join(tmpdir(), 'absensi-backups-'));
  });
  after(async () => {
    await env?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells how to restore, in --help', async () => {
    const { code, stdout } = await runScript('backup-db.sh', ['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--single-transaction/);
    assert.match(stdout, /gunzip -c backups\/absensi-\S+\.sql\.gz \|\s+docker compose exec -T mariadb/);
    assert.match(stdout, /--keep N/);
  });

  it('--dry-run shows a single-transaction dump and writes nothing, with no password on the command line', async () => {
    const { code, stdout } = await runScript('backup-db.sh', [
      '--url',
      'mysql://absensi:s3cr%40t@db.internal:3307/absensi',
      '--dir',
      join(dir, 'dry'),
      '--dry-run',
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /--single-transaction .* -h db\.internal -P 3307 -u absensi absensi \| gzip/);
    assert.ok(!stdout.includes('s3cr'), 'the password stays out of the output');
    assert.equal(existsSync(join(dir, 'dry')), false);

    const inContainer = await runScript('backup-db.sh', [
      '--container',
      'absensi-mariadb-1',
      '--dir',
      join(dir, 'dry'),
      '--dry-run',
    ]);
    assert.equal(inContainer.code, 0);
    assert.match(
      inContainer.stdout,
      /docker exec absensi-mariadb-1 sh -c .*MARIADB_PASSWORD_FILE.* --single-transaction /,
    );
  });

  it('writes a compressed, timestamped dump that restores into an empty database, keeping the newest --keep', async () => {
    for (const old of ['absensi-20200101T000000Z.sql.gz', 'absensi-20200102T000000Z.sql.gz'])
      writeFileSync(join(dir, old), 'old');
    const { code, stdout, stderr } = await runScript('backup-db.sh', [
      '--url',
      env.env.DATABASE_URL!,
      '--dir',
      dir,
      '--keep',
      '2',
    ]);
    assert.equal(code, 0, stdout + stderr);
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 2);
    assert.equal(files[0], 'absensi-20200102T000000Z.sql.gz', 'the oldest went');
    assert.match(files[1]!, /^absensi-\d{8}T\d{6}Z\.sql\.gz$/);

    const restoredUrl = `${env.env.DATABASE_URL}_restored`;
    await createDatabaseIfMissing(restoredUrl);
    const restored = createDb(restoredUrl, 1);
    try {
      for (const statement of splitDump(gunzipSync(readFileSync(join(dir, files[1]!))).toString()))
        await restored.raw(statement);
      const user = await restored('users').where({ employee_code: 'BACKUP01' }).first();
      assert.equal(user?.name, 'Putu Backup');
    } finally {
      await restored.destroy();
      await dropDatabase(restoredUrl);
    }
  });

  it('leaves no file behind when the dump fails', async () => {
    const failedDir = join(dir, 'failed');
    const { code } = await runScript('backup-db.sh', ['--url', `${env.env.DATABASE_URL}_missing`, '--dir', failedDir]);
    assert.notEqual(code, 0);
    assert.deepEqual(readdirSync(failedDir), []);
  });
});

describe('scripts/test-multi-node.sh', () => {
  it('explains both modes with --help', async () => {
    const { code, stdout } = await runScript('test-multi-node.sh', ['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--nodes URL/);
    assert.match(stdout, /--rolling: zero downtime, measured/);
  });

  it('--dry-run says what it would check, and what --rolling would do, without sending anything', async () => {
    const check = await runScript('test-multi-node.sh', [
      '--url',
      'http://127.0.0.1:9',
      '--nodes',
      'none',
      '--dry-run',
    ]);
    assert.equal(check.code, 0);
    assert.match(check.stdout, /Would check: nginx http:\/\/127\.0\.0\.1:9; nodes ready: 4 distinct nodes through/);
    const rolling = await runScript('test-multi-node.sh', ['--rolling', '--dry-run']);
    assert.equal(rolling.code, 0);
    assert.match(rolling.stdout, /Would start a private cluster on free ports/);
  });
});

/** A mysqldump file as statements (no DELIMITER blocks: the schema has no routines). */
function splitDump(sql: string): string[] {
  return sql
    .split(/;\n/)
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
