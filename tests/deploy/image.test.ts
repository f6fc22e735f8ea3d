import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  bundleAsTheImage,
  execForm,
  healthcheckTimings,
  inStage,
  readDockerfile,
  serverBuildCommand,
  stageEnv,
  stageNames,
} from '../../scripts/lib/dockerfile';
import { freePort, httpStatus } from '../../scripts/lib/net';
import { createDatabaseIfMissing, createDb, dropDatabase } from '../../server/db/knex';
import { migrateLatest } from '../../server/db/migrate';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { until } from '../support/poll';

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const dockerfile = readDockerfile();
const imageEnvironment = stageEnv(dockerfile, 'runtime');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const esbuildCommand = serverBuildCommand();
/** The image's HEALTHCHECK command, run from this checkout (the image has it in /app). */
const healthcheck = execForm(inStage(dockerfile, 'runtime', 'HEALTHCHECK')[0]!.args).map((arg) =>
  arg.replace(/^\/app\//, ROOT),
);

describe('the Dockerfile', () => {
  it('builds in stages and ends in the runtime image, the default target', () => {
    assert.deepEqual(stageNames(dockerfile), ['deps', 'build', 'prod-deps', 'runtime']);
  });

  it('runs as the unprivileged node user, with production dependencies only', () => {
    assert.deepEqual(
      inStage(dockerfile, 'runtime', 'USER').map((i) => i.args),
      ['node'],
    );
    assert.ok(inStage(dockerfile, 'prod-deps', 'RUN').some((i) => /npm ci --omit=dev\b/.test(i.args)));
    const copies = inStage(dockerfile, 'runtime', 'COPY').map((i) => i.args);
    assert.ok(copies.includes('--from=prod-deps /app/node_modules node_modules'));
    assert.ok(
      !copies.some((c) => /--from=(deps|build) \S*node_modules/.test(c)),
      'no dev dependencies reach the runtime image',
    );
  });

  it('runs Node 24 (Node 20 is past its end of life) from a pinned release, while the bundles still run on 20', () => {
    const [from] = inStage(dockerfile, '', 'ARG');
    assert.match(from!.args, /^NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    assert.equal(packageJson.engines.node, '>=20');
    assert.match(esbuildCommand, / --target=node20 /);
  });

  it('builds server and web with npm run build, from declared tools, and ships the web app where the app node looks', () => {
    assert.ok(inStage(dockerfile, 'build', 'RUN').some((i) => i.args === 'npm run build'));
    assert.equal(packageJson.scripts.build, 'npm run build:server && npm run build:web');
    for (const tool of ['esbuild', 'vite', 'tsx', '@alpinejs/csp']) {
      assert.ok(tool in packageJson.devDependencies, `${tool} is a declared build dependency`);
      assert.ok(!(tool in packageJson.dependencies), `${tool} is not needed at run time`);
    }
    assert.ok(inStage(dockerfile, 'runtime', 'COPY').some((i) => i.args === '--from=build /app/web/dist web/dist'));
  });

  it('checks health with a shell probe, polling quickly while starting, and starts an app node by default', () => {
    assert.deepEqual(healthcheck, [join(ROOT, 'scripts/container-health.sh')]);
    assert.ok(
      inStage(dockerfile, 'runtime', 'COPY').some(
        (i) => i.args === '--chmod=755 scripts/container-health.sh /app/scripts/container-health.sh',
      ),
    );
    const timings = healthcheckTimings(dockerfile);
    assert.ok(timings['start-interval']! < timings.interval!, 'probes often while starting');
    assert.deepEqual(execForm(inStage(dockerfile, 'runtime', 'CMD')[0]!.args), ['node', 'dist/server/main.js']);
  });

  it('listens on every interface inside the container, where npm start keeps to loopback', () => {
    assert.equal(imageEnvironment.HOST, '0.0.0.0');
    assert.equal(imageEnvironment.BUILD_REVISION, 'unknown', 'unless the build says which');
  });

  it('bundles every process and command that package.json runs from server/ or workers/', () => {
    const command = esbuildCommand;
    const entries = Object.values(packageJson.scripts).flatMap((script) =>
      [...script.matchAll(/node --import tsx ((?:server|workers)\/\S+\.ts)/g)].map((m) => m[1]!),
    );
    assert.ok(entries.length >= 6, 'package.json names the processes');
    for (const entry of entries) assert.ok(command.split(' ').includes(entry), `${entry} is not bundled`);
  });
});

/**
 * The production bundle exactly as the build stage makes it, laid out as in
 * the runtime image (package.json, node_modules, dist/, web/dist/) and started
 * with the image's command and environment.
 */
describe('the production bundle', () => {
  let imageDir: string;
  let env: TestEnvironment;
  const children: ChildProcess[] = [];
  // On this shared machine the processes listen on loopback; the image's 0.0.0.0 is checked above.
  const imageEnv = { ...imageEnvironment, HOST: '127.0.0.1' };

  before(async () => {
    imageDir = mkdtempSync(join(tmpdir(), 'absensi-image-'));
    await bundleAsTheImage(ROOT, imageDir, [`--metafile=${imageDir}/meta.json`]);
    mkdirSync(join(imageDir, 'web/dist'), { recursive: true });
    writeFileSync(join(imageDir, 'web/dist/index.html'), '<!doctype html><title>Absensi Live (image test)</title>');
    env = await createTestEnvironment({ NODE_ENV: 'production' });
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await env?.cleanup();
    rmSync(imageDir, { recursive: true, force: true });
  });

  /** A process of the image: its ENV, then the deployment's settings, in the image's working directory. */
  const start = (command: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(command[0]!, command.slice(1), {
      cwd: imageDir,
      env: { ...process.env, ...imageEnv, ...env.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    children.push(child);
    return { child, output: () => output };
  };
  const exitCode = async (child: ChildProcess) => child.exitCode ?? ((await once(child, 'exit')) as [number | null])[0];
  const healthy = (extraEnv: Record<string, string>) =>
    run(healthcheck[0]!, healthcheck.slice(1), { env: { ...process.env, ...imageEnv, ...extraEnv } }).then(
      () => true,
      () => false,
    );
  /** Runs the image HEALTHCHECK until it passes, as Docker does during the start period. */
  const becomesHealthy = async (child: ChildProcess, extraEnv: Record<string, string>) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await healthy(extraEnv)) return true;
      await delay(200);
    }
    return false;
  };

  it('needs no package at run time that is not a production dependency', () => {
    const meta = JSON.parse(readFileSync(join(imageDir, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    };
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const packages = new Set(
      Object.values(meta.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external && !builtins.has(i.path))
        .map((i) => (i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]!)),
    );
    const missing = [...packages].filter((p) => !(p in packageJson.dependencies));
    assert.deepEqual(missing, [], 'imported by the bundle but not in "dependencies"');
  });

  it('has every file the Compose and Swarm files and the image run', () => {
    const commands = ['docker-compose.yml', 'docker-stack-production.yml'].flatMap((file) =>
      Object.values(
        (
          parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as {
            services: Record<string, { command?: string[] }>;
          }
        ).services,
      ).map((s) => s.command),
    );
    commands.push(execForm(inStage(dockerfile, 'runtime', 'CMD')[0]!.args));
    const scripts = commands.flatMap((c) => c ?? []).filter((arg) => arg.startsWith('dist/'));
    assert.ok(scripts.length >= 4);
    for (const script of scripts) assert.ok(existsSync(join(imageDir, script)), `${script} is not built`);
  });

  it('migrates an empty database with its bundled migrations, and a checkout then finds it up to date', async () => {
    const url = `${env.env.DATABASE_URL}_image`;
    await createDatabaseIfMissing(url);
    const db = createDb(url, 1);
    try {
      const migrate = start(['node', 'dist/workers/cli/migrate.js'], { DATABASE_URL: url });
      assert.equal(await exitCode(migrate.child), 0, migrate.output());
      const count = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts')).length;
      assert.match(migrate.output(), new RegExp(`Applied ${count} migration\\(s\\)`));
      assert.deepEqual(await migrateLatest(db), [], 'the TypeScript migrations are the same ones, by name');
    } finally {
      await db.destroy();
      await dropDatabase(url);
    }
  });

  it('finds a database migrated from a checkout up to date', async () => {
    const migrate = start(['node', 'dist/workers/cli/migrate.js']);
    assert.equal(await exitCode(migrate.child), 0, migrate.output());
    assert.match(migrate.output(), /is up to date/);
  });

  it('starts an app node with the image command: healthy, ready, serving the web app, and stops cleanly on SIGTERM', async () => {
    const port = String(await freePort());
    const app = start(execForm(inStage(dockerfile, 'runtime', 'CMD')[0]!.args), { PORT: port, NODE_ID: 'image-app' });
    const url = `http://127.0.0.1:${port}`;
    assert.equal(
      await becomesHealthy(app.child, { PORT: port }),
      true,
      `the image HEALTHCHECK never passed:\n${app.output()}`,
    );
    assert.equal(await httpStatus(`${url}/api/health`), 200);
    const ready = (await fetch(`${url}/api/ready`).then((r) => r.json())) as { checks: unknown };
    assert.deepEqual(ready.checks, { database: 'ok', redis: 'ok', accepting: 'ok' });
    assert.match(await fetch(`${url}/`).then((r) => r.text()), /Absensi Live \(image test\)/);

    app.child.kill('SIGTERM');
    assert.equal(await exitCode(app.child), 0, app.output());
    assert.equal(await healthy({ PORT: port }), false, 'and fails once it is gone');
  });

  it('an app node that cannot reach its database answers, but never passes the image healthcheck', async () => {
    const port = String(await freePort());
    const app = start(execForm(inStage(dockerfile, 'runtime', 'CMD')[0]!.args), {
      PORT: port,
      NODE_ID: 'image-app-no-db',
      DATABASE_URL: 'mysql://root@127.0.0.1:1/absensi',
    });
    const status = await until(async () => (await httpStatus(`http://127.0.0.1:${port}/api/health`)) || null, {
      what: `the node answers:\n${app.output()}`,
      timeoutMs: 30_000,
    });
    assert.equal(status, 503);
    assert.equal(await healthy({ PORT: port }), false);
    app.child.kill('SIGTERM');
    assert.equal(await exitCode(app.child), 0, app.output());
  });

  for (const worker of ['broadcast', 'scheduler']) {
    it(`starts the ${worker} worker, which passes the image healthcheck on its metrics port and stops cleanly on SIGTERM`, async () => {
      const metricsPort = String(await freePort());
      const proc = start(['node', `dist/workers/${worker}.js`], {
        WORKER_METRICS_PORT: metricsPort,
        NODE_ID: `image-${worker}`,
      });
      assert.equal(
        await becomesHealthy(proc.child, { WORKER_METRICS_PORT: metricsPort }),
        true,
        `never healthy:\n${proc.output()}`,
      );
      proc.child.kill('SIGTERM');
      assert.equal(await exitCode(proc.child), 0, proc.output());
    });
  }
});
