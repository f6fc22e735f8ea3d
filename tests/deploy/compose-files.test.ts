import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseEnv } from 'node:util';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { healthcheckTimings, readDockerfile } from '../../scripts/lib/dockerfile';
import { freePort } from '../../scripts/lib/net';
import { loadConfig } from '../../server/config';
import { until } from '../support/poll';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean; interval?: string; timeout?: string; retries?: number };
  ports?: (string | { target: number; published: string | number; mode?: string })[];
  volumes?: string[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  secrets?: string[];
  configs?: { source: string; target: string }[];
  stop_grace_period?: string;
  restart?: string;
  init?: boolean;
  deploy?: {
    mode?: string;
    replicas?: number;
    endpoint_mode?: string;
    update_config?: { parallelism?: number; order?: string; failure_action?: string; monitor?: string };
    rollback_config?: { parallelism?: number; order?: string; monitor?: string };
    restart_policy?: { condition?: string };
    resources?: { limits?: { cpus?: string; memory?: string } };
    placement?: { constraints?: string[] };
  };
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { driver?: string; driver_opts?: Record<string, string> }>;
  secrets?: Record<string, { external?: boolean; file?: string }>;
  configs?: Record<string, { file?: string }>;
}

// YAML anchors and merge keys (<<:) keep the files short; Docker resolves them the same way.
const load = (file: string) => parse(read(file), { merge: true }) as ComposeFile;
const compose = load('docker-compose.yml');
const stack = load('docker-stack-production.yml');

// The Compose Specification's JSON schema, from github.com/compose-spec/compose-spec
// (schema/compose-spec.json at commit 00655e2222608fa6eaecdf12ac5195889ca2244a), kept as data.
// validateSchema off: it names its meta-schema by an https URL Ajv does not bundle.
const validateCompose = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile(
  JSON.parse(readFileSync(new URL('compose-spec.schema.json', import.meta.url), 'utf8')),
);

const APP_ROLES = ['app', 'broadcast', 'scheduler'];
const command = (service: Service) => service.command?.join(' ') ?? '';
const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1] ?? Number.NaN);

/** The secrets each role reads, and no more: its `*_FILE` variables, each naming a secret it mounts. */
const SECRETS_READ = {
  migrate: ['DATABASE_URL'],
  worker: ['DATABASE_URL', 'REDIS_PASSWORD'],
  broadcast: ['DATABASE_URL', 'REDIS_PASSWORD', 'ALERT_SECRET_KEY'],
  app: ['DATABASE_URL', 'REDIS_PASSWORD', 'SESSION_SECRET', 'PIN_PEPPER', 'SERVICE_TOKEN', 'ALERT_SECRET_KEY'],
};
const ALL_SECRETS = SECRETS_READ.app;

function assertGetsOnlyItsSecrets(name: string, service: Service, reads: string[]) {
  for (const secret of ALL_SECRETS) {
    assert.equal(service.environment?.[secret], undefined, `${name} has ${secret} in plain text`);
    const file = service.environment?.[`${secret}_FILE`];
    if (!reads.includes(secret)) {
      assert.equal(file, undefined, `${name} does not read ${secret}`);
      continue;
    }
    assert.ok(file?.startsWith('/run/secrets/'), `${name} reads ${secret}_FILE`);
    assert.ok(service.secrets?.includes(file!.slice('/run/secrets/'.length)), `${name} mounts ${file}`);
  }
  assert.equal(service.secrets?.length, reads.length, `${name} mounts only the secrets it reads`);
}

/** What the shell in the container receives: Compose turns `$$` into `$`. */
const unescaped = (text: string) => text.replaceAll('$$', '$');

/**
 * Redis wants its password, from the secret file, and its healthcheck gives
 * it: the command and the healthcheck as written, run here against
 * redis-server on a free port.
 */
async function assertRedisWantsPassword(redis: Service) {
  assert.deepEqual(redis.secrets, ['absensi_redis_password']);
  const [shell, flag, script] = redis.command!;
  assert.deepEqual([shell, flag], ['sh', '-c']);
  assert.match(script!, /--appendonly yes .*--maxmemory-policy noeviction/);
  const dir = mkdtempSync(join(tmpdir(), 'absensi-redis-command-'));
  const port = String(await freePort());
  const local = (text: string) =>
    unescaped(text).replaceAll('/run/secrets/absensi_redis_password', join(dir, 'password'));
  writeFileSync(join(dir, 'password'), 'c0ffee'.repeat(6));
  // The image's entrypoint only drops privileges before it runs redis-server.
  const server = spawn(
    'sh',
    [
      '-c',
      local(script!).replace(
        'exec docker-entrypoint.sh redis-server',
        `exec redis-server --port ${port} --bind 127.0.0.1 --dir ${dir}`,
      ),
    ],
    { stdio: 'ignore' },
  );
  try {
    const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', port, ...args], { encoding: 'utf8' });
    await until(() => /NOAUTH|PONG/.test(cli('ping').stdout), { what: 'redis-server answers', timeoutMs: 10_000 });
    assert.match(cli('ping').stdout, /NOAUTH/, 'a client without the password is refused');
    const [kind, test] = redis.healthcheck!.test!;
    assert.equal(kind, 'CMD-SHELL');
    const check = spawnSync('sh', ['-c', local(test!).replace('redis-cli', `redis-cli -p ${port}`)]);
    assert.equal(check.status, 0, 'the healthcheck passes with the password');
    writeFileSync(join(dir, 'password'), 'wrong');
    assert.notEqual(spawnSync('sh', ['-c', local(test!).replace('redis-cli', `redis-cli -p ${port}`)]).status, 0);
  } finally {
    server.kill();
    await once(server, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('docker-compose.yml, docker-stack-production.yml and the monitoring stack', () => {
  for (const [file, content] of [
    ['docker-compose.yml', compose],
    ['docker-stack-production.yml', stack],
    ['docs/monitoring/docker-stack-monitoring.yml', load('docs/monitoring/docker-stack-monitoring.yml')],
  ] as const) {
    it(`${file} is valid against the Compose Specification`, () => {
      assert.equal(validateCompose(content), true, JSON.stringify(validateCompose.errors, null, 2));
    });
  }
});

describe('docker-compose.yml (one Docker host)', () => {
  const { services } = compose;

  it('runs MariaDB, Redis, the migration, four app nodes, the workers and nginx', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'app-1',
      'app-2',
      'app-3',
      'app-4',
      'broadcast',
      'mariadb',
      'migrate',
      'nginx',
      'redis',
      'scheduler',
    ]);
    assert.equal(services.broadcast!.deploy?.replicas, 2);
    assert.equal(services.scheduler!.deploy?.replicas ?? 1, 1);
  });

  it('keeps MariaDB and Redis data in named volumes and checks their health', () => {
    for (const [name, path] of [
      ['mariadb', '/var/lib/mysql'],
      ['redis', '/data'],
    ] as const) {
      const volume = services[name]!.volumes?.find((v) => v.endsWith(`:${path}`));
      assert.ok(volume && volume.split(':')[0]! in compose.volumes!, `${name} keeps ${path} in a named volume`);
      assert.ok(services[name]!.healthcheck?.test, `${name} has a healthcheck`);
    }
  });

  it('runs Redis persisting every queued job, wanting the password from its secret file, which its healthcheck gives', async () => {
    await assertRedisWantsPassword(services.redis!);
  });

  it('gives each container only the secrets it uses, as files: MariaDB its password alone, no app secret at all', () => {
    assert.deepEqual(services.mariadb!.secrets, ['absensi_db_password']);
    assert.equal(services.mariadb!.environment?.MARIADB_PASSWORD_FILE, '/run/secrets/absensi_db_password');
    assert.equal(services.mariadb!.env_file, undefined, 'MariaDB does not read the app settings');
    assertGetsOnlyItsSecrets('migrate', services.migrate!, SECRETS_READ.migrate);
    assertGetsOnlyItsSecrets('broadcast', services.broadcast!, SECRETS_READ.broadcast);
    assertGetsOnlyItsSecrets('scheduler', services.scheduler!, SECRETS_READ.worker);
    for (let i = 1; i <= 4; i++) assertGetsOnlyItsSecrets(`app-${i}`, services[`app-${i}`]!, SECRETS_READ.app);
    for (const secret of Object.values(compose.secrets!)) assert.match(secret.file!, /^\.\/secrets\//);
    assert.match(read('.gitignore'), /^secrets\/$/m);
  });

  it('runs every app role under an init process', () => {
    for (const name of ['migrate', 'app-1', 'app-2', 'app-3', 'app-4', 'broadcast', 'scheduler'])
      assert.equal(services[name]!.init, true, name);
  });

  it('migrates once, after MariaDB is healthy, before any app node or worker starts', () => {
    const migrate = services.migrate!;
    assert.equal(command(migrate), 'node dist/workers/cli/migrate.js');
    assert.equal(migrate.restart, 'no');
    assert.equal(migrate.depends_on?.mariadb?.condition, 'service_healthy');
    for (const name of ['app-1', 'app-2', 'app-3', 'app-4', 'broadcast', 'scheduler']) {
      assert.equal(services[name]!.depends_on?.migrate?.condition, 'service_completed_successfully', name);
      assert.equal(services[name]!.depends_on?.redis?.condition, 'service_healthy', name);
    }
  });

  it('runs one image for every app role, chosen by command, configured from .env.production', () => {
    const roles = ['migrate', 'app-1', 'app-2', 'app-3', 'app-4', 'broadcast', 'scheduler'].map(
      (name) => services[name]!,
    );
    assert.equal(new Set(roles.map((s) => s.image)).size, 1);
    assert.ok(roles.every((s) => s.env_file === '.env.production'));
    assert.equal(command(services.broadcast!), 'node dist/workers/broadcast.js');
    assert.equal(command(services.scheduler!), 'node dist/workers/scheduler.js');
  });

  it('names each app node and lets nginx find all four under one name, app', () => {
    for (let i = 1; i <= 4; i++) {
      const node = services[`app-${i}`]!;
      assert.equal(node.command, undefined, 'the image default: an app node');
      assert.equal(node.environment?.NODE_ID, `app-${i}`);
      assert.deepEqual((node.networks as Record<string, { aliases: string[] }>).default!.aliases, ['app']);
      assert.ok(node.stop_grace_period, 'time to finish requests on SIGTERM');
    }
  });

  it('publishes only nginx, on 8080, with the nginx config from the repository', () => {
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([name]) => name);
    assert.deepEqual(published, ['nginx']);
    assert.deepEqual(services.nginx!.ports, ['${HTTP_PORT:-8080}:8080']);
    assert.ok(services.nginx!.volumes?.includes('./nginx/nginx.conf:/etc/nginx/nginx.conf:ro'));
    assert.ok(services.nginx!.volumes?.includes('./nginx/real-ip.conf:/etc/nginx/real-ip.conf:ro'));
    assert.ok(services.nginx!.healthcheck?.test);
  });
});

describe('docker-stack-production.yml (Docker Swarm)', () => {
  const { services } = stack;

  it('runs four app replicas, two broadcast workers and one scheduler', () => {
    assert.equal(services.app!.deploy?.replicas, 4);
    assert.equal(services.broadcast!.deploy?.replicas, 2);
    assert.equal(services.scheduler!.deploy?.replicas, 1);
  });

  it('updates the app services one task at a time, starting the new one first, and rolls back on failure', () => {
    for (const name of APP_ROLES) {
      const { update_config: update, rollback_config: rollback } = services[name]!.deploy!;
      assert.deepEqual(
        [update?.parallelism, update?.order, update?.failure_action],
        [1, 'start-first', 'rollback'],
        name,
      );
      assert.deepEqual([rollback?.parallelism, rollback?.order], [1, 'start-first'], name);
      assert.ok(services[name]!.stop_grace_period, name);
    }
  });

  it('gives nginx every app task under the name app (DNS round robin, no virtual IP)', () => {
    assert.equal(services.app!.deploy?.endpoint_mode, 'dnsrr');
    assert.match(read('nginx/nginx.conf'), /server app:3000 resolve/);
  });

  it('migrates as a job that runs to completion', () => {
    assert.equal(services.migrate!.deploy?.mode, 'replicated-job');
    assert.equal(command(services.migrate!), 'node dist/workers/cli/migrate.js');
    assert.equal(services.migrate!.deploy?.restart_policy?.condition, 'on-failure');
    assert.equal(services.migrate!.healthcheck?.disable, true);
  });

  it('runs Redis persisting every queued job, wanting the password from its secret file, which its healthcheck gives', async () => {
    await assertRedisWantsPassword(services.redis!);
  });

  it('gives each service only the Swarm secrets it reads, as files, never as values', () => {
    assertGetsOnlyItsSecrets('migrate', services.migrate!, SECRETS_READ.migrate);
    assertGetsOnlyItsSecrets('app', services.app!, SECRETS_READ.app);
    assertGetsOnlyItsSecrets('broadcast', services.broadcast!, SECRETS_READ.broadcast);
    assertGetsOnlyItsSecrets('scheduler', services.scheduler!, SECRETS_READ.worker);
    assert.deepEqual(services.mariadb!.secrets, ['absensi_db_password']);
    for (const name of ['migrate', ...APP_ROLES]) {
      assert.equal(services[name]!.environment?.NODE_ENV, 'production');
      assert.equal(services[name]!.init, true, `${name} runs under an init process`);
    }
    assert.ok(
      Object.values(stack.secrets!).every((s) => s.external === true),
      'created outside the file (scripts/deploy-swarm.sh)',
    );
  });

  it('sets the session cookie Secure unless the operator says otherwise', () => {
    assert.equal(services.app!.environment?.COOKIE_SECURE, '${COOKIE_SECURE:-true}');
  });

  it('watches each updated task for longer than a task that never becomes healthy takes to fail', () => {
    const image = healthcheckTimings(readDockerfile());
    const imageDetection = image['start-period']! + image.interval! * image.retries! + image.timeout!;
    for (const name of APP_ROLES) {
      const { update_config: update, rollback_config: rollback } = services[name]!.deploy!;
      assert.ok(
        seconds(update!.monitor!) > imageDetection,
        `${name}: monitor ${update!.monitor} ≤ ${imageDetection} s`,
      );
      assert.ok(seconds(rollback!.monitor!) > imageDetection, `${name}: rollback monitor`);
    }
    const nginx = services.nginx!;
    const nginxDetection =
      seconds(nginx.healthcheck!.interval!) * nginx.healthcheck!.retries! + seconds(nginx.healthcheck!.timeout!);
    assert.ok(seconds(nginx.deploy!.update_config!.monitor!) > nginxDetection, 'nginx');
  });

  it('connects everything over an encrypted overlay network and publishes only nginx, with the client address kept', () => {
    assert.equal(stack.networks!.backend!.driver, 'overlay');
    assert.deepEqual(stack.networks!.backend!.driver_opts, { encrypted: 'true' });
    for (const [name, service] of Object.entries(services)) assert.deepEqual(service.networks, ['backend'], name);
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([name]) => name);
    assert.deepEqual(published, ['nginx']);
    assert.deepEqual(services.nginx!.ports, [
      { target: 8080, published: '${HTTP_PORT:-8080}', protocol: 'tcp', mode: 'host' },
    ]);
    assert.deepEqual(services.nginx!.configs, [
      { source: 'nginx_conf', target: '/etc/nginx/nginx.conf' },
      { source: 'nginx_real_ip', target: '/etc/nginx/real-ip.conf' },
    ]);
    assert.equal(stack.configs!.nginx_conf!.file, './nginx/nginx.conf');
    assert.equal(stack.configs!.nginx_real_ip!.file, './nginx/real-ip.conf');
  });

  it('limits resources, restarts failed tasks and checks health of every long-running service', () => {
    for (const [name, service] of Object.entries(services)) {
      assert.ok(service.deploy?.resources?.limits?.memory, `${name} has a memory limit`);
      assert.ok(service.deploy?.restart_policy?.condition, `${name} has a restart policy`);
      // App roles inherit the image's HEALTHCHECK (tests/deploy/image.test.ts); the job has none.
      if (!APP_ROLES.includes(name) && name !== 'migrate')
        assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
    }
  });

  it('keeps MariaDB and Redis on the data node, never two at once on one volume', () => {
    for (const name of ['mariadb', 'redis']) {
      assert.deepEqual(services[name]!.deploy?.placement?.constraints, ['node.labels.absensi.data == true']);
      assert.equal(services[name]!.deploy?.update_config?.order, 'stop-first');
    }
  });
});

describe('.env.production.example', () => {
  const example = parseEnv(read('.env.production.example')) as Record<string, string>;

  it('holds no secret: those are files in ./secrets, each given only to the containers that use it', () => {
    for (const secret of [...ALL_SECRETS, 'MARIADB_PASSWORD'])
      assert.equal(example[secret], undefined, `${secret} belongs in ./secrets`);
    assert.equal(example.REDIS_URL, 'redis://redis:6379', 'the password comes from REDIS_PASSWORD_FILE');
  });

  it('with the secret files an app node gets, is a valid production configuration with a Secure cookie', () => {
    const dir = mkdtempSync(join(tmpdir(), 'absensi-env-example-'));
    try {
      const environment: Record<string, string> = { ...example, ...compose.services['app-1']!.environment };
      for (const secret of ALL_SECRETS) {
        const file = join(dir, secret);
        writeFileSync(file, secret === 'DATABASE_URL' ? 'mysql://absensi:x@mariadb:3306/absensi' : 'x'.repeat(40));
        environment[`${secret}_FILE`] = file;
      }
      const config = loadConfig(environment);
      assert.equal(config.env, 'production');
      assert.equal(config.trustProxy, '1');
      assert.equal(config.session.secureCookie, true);
      assert.equal(config.redisUrl, `redis://:${'x'.repeat(40)}@redis:6379`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets only variables the app knows', () => {
    const known = new Set(Object.keys(parseEnv(read('.env.example'))));
    const unknown = Object.keys(example).filter((key) => !known.has(key));
    assert.deepEqual(unknown, []);
  });
});
