import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseEnv } from 'node:util';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config';
import { parseDatabaseUrl } from '../../server/db/knex';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: (string | { target: number; published: string | number; mode?: string })[];
  volumes?: string[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  secrets?: string[];
  configs?: { source: string; target: string }[];
  stop_grace_period?: string;
  restart?: string;
  deploy?: {
    mode?: string;
    replicas?: number;
    endpoint_mode?: string;
    update_config?: { parallelism?: number; order?: string; failure_action?: string };
    rollback_config?: { parallelism?: number; order?: string };
    restart_policy?: { condition?: string };
    resources?: { limits?: { cpus?: string; memory?: string } };
    placement?: { constraints?: string[] };
  };
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { driver?: string }>;
  secrets?: Record<string, { external?: boolean }>;
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

describe('docker-compose.yml and docker-stack-production.yml', () => {
  for (const [file, content] of [
    ['docker-compose.yml', compose],
    ['docker-stack-production.yml', stack],
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

  it('keeps MariaDB and Redis data in named volumes and checks their health; Redis persists every queued job', () => {
    for (const [name, path] of [
      ['mariadb', '/var/lib/mysql'],
      ['redis', '/data'],
    ] as const) {
      const volume = services[name]!.volumes?.find((v) => v.endsWith(`:${path}`));
      assert.ok(volume && volume.split(':')[0]! in compose.volumes!, `${name} keeps ${path} in a named volume`);
      assert.ok(services[name]!.healthcheck?.test, `${name} has a healthcheck`);
    }
    assert.match(command(services.redis!), /--appendonly yes/);
    assert.match(command(services.redis!), /--maxmemory-policy noeviction/);
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

  it('gives every secret to the app as a Swarm secret file, never as a value', () => {
    for (const name of ['migrate', ...APP_ROLES]) {
      const service = services[name]!;
      for (const secret of ['DATABASE_URL', 'SESSION_SECRET', 'PIN_PEPPER', 'SERVICE_TOKEN']) {
        assert.equal(service.environment?.[secret], undefined, `${name} has ${secret} in plain text`);
        const file = service.environment?.[`${secret}_FILE`] ?? '';
        assert.ok(file?.startsWith('/run/secrets/'), `${name} reads ${secret}_FILE`);
        assert.ok(service.secrets?.includes(file.slice('/run/secrets/'.length)), `${name} mounts ${file}`);
      }
      assert.equal(service.environment?.NODE_ENV, 'production');
    }
    assert.ok(
      Object.values(stack.secrets!).every((s) => s.external === true),
      'created outside the file (scripts/deploy-swarm.sh)',
    );
  });

  it('connects everything over an overlay network and publishes only nginx, with the client address kept', () => {
    assert.equal(stack.networks!.backend!.driver, 'overlay');
    for (const [name, service] of Object.entries(services)) assert.deepEqual(service.networks, ['backend'], name);
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([name]) => name);
    assert.deepEqual(published, ['nginx']);
    assert.deepEqual(services.nginx!.ports, [
      { target: 8080, published: '${HTTP_PORT:-8080}', protocol: 'tcp', mode: 'host' },
    ]);
    assert.deepEqual(services.nginx!.configs, [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf' }]);
    assert.equal(stack.configs!.nginx_conf!.file, './nginx/nginx.conf');
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
    assert.match(command(services.redis!), /--appendonly yes/);
  });
});

describe('.env.production.example', () => {
  const example = parseEnv(read('.env.production.example')) as Record<string, string>;
  const filled = Object.fromEntries(
    Object.entries(example).map(([key, value]) => [
      key,
      value.replace(/@(\w+)@/g, (_, name: string) => `${name.toLowerCase()}-`.padEnd(40, 'x')),
    ]),
  );

  it('once its placeholders are filled in, is a valid production configuration', () => {
    const config = loadConfig(filled);
    assert.equal(config.env, 'production');
    assert.equal(config.trustProxy, '1');
  });

  it('gives the app the database user and password MariaDB is created with', () => {
    const { user, password, host, database } = parseDatabaseUrl(filled.DATABASE_URL!);
    assert.deepEqual(
      [user, password, host, database],
      [filled.MARIADB_USER, filled.MARIADB_PASSWORD, 'mariadb', filled.MARIADB_DATABASE],
    );
    assert.equal(filled.REDIS_URL, 'redis://redis:6379');
  });

  it('sets only variables the app or the MariaDB image knows', () => {
    const known = new Set(Object.keys(parseEnv(read('.env.example'))));
    const unknown = Object.keys(example).filter((key) => !known.has(key) && !key.startsWith('MARIADB_'));
    assert.deepEqual(unknown, []);
  });
});
