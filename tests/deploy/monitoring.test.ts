import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { type Cluster, startCluster } from '../../scripts/cluster';
import { freePort, httpStatus } from '../../scripts/lib/net';
import { findProgram } from '../../scripts/lib/programs';
import { startPrivateRedis } from '../../scripts/lib/redis';
import type { PrivateService } from '../../scripts/lib/services';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { until } from '../support/poll';

const MONITORING = new URL('../../docs/monitoring/', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(MONITORING, file), 'utf8');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const rules = (parse(read('alerts.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(read('grafana-dashboard.json')) as {
  panels: Panel[];
  templating: { list: { name: string; definition?: string }[] };
};
/** Grafana's variables as a query would see them once Grafana has filled them in. */
const asPromQL = (expr: string) => expr.replaceAll('$__rate_interval', '5m');
const dashboardQueries = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: asPromQL(target.expr) })),
);

function promtool(...args: string[]) {
  const binary = findProgram('promtool');
  if (!binary) throw new Error('promtool is not installed (.ci/run installs it: apt-get install prometheus)');
  return spawnSync(binary, args, { encoding: 'utf8' });
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'by', 'without', 'on', 'ignoring']);

/**
 * The metric names a PromQL expression reads: what is left once strings,
 * label matchers, ranges, grouping clauses, function calls and keywords are
 * taken out. Good enough for the expressions of this kit, which the test
 * below also runs through promtool.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(?!\s*\()/g)]
    .filter((m) => !/[A-Za-z0-9_:(]/.test(bare[m.index + m[0].length] ?? ''))
    .map((m) => m[0])
    .filter((name) => !KEYWORDS.has(name) && !/^\d/.test(name) && !/^(?:Inf|NaN)$/i.test(name));
  return [...new Set(names)];
}

describe('the monitoring kit (docs/monitoring)', () => {
  it('promtool accepts the alert rules', () => {
    const check = promtool('check', 'rules', join(MONITORING, 'alerts.yml'));
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  it('promtool accepts the Swarm scrape config, which finds the app nodes and workers with dockerswarm_sd_configs', () => {
    const check = promtool('check', 'config', join(MONITORING, 'prometheus.yml'));
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const config = parse(read('prometheus.yml'), { merge: true }) as {
      scrape_configs: { job_name: string; dockerswarm_sd_configs: { role: string; port: number }[] }[];
    };
    assert.deepEqual(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.dockerswarm_sd_configs[0]!.role,
        job.dockerswarm_sd_configs[0]!.port,
      ]),
      [
        ['absensi-app', 'tasks', 3000],
        ['absensi-workers', 'tasks', 9100],
      ],
    );
  });

  it('every query of the Grafana dashboard is PromQL that promtool accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'absensi-dashboard-'));
    try {
      const asRules = {
        groups: [
          {
            name: 'dashboard',
            rules: dashboardQueries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr })),
          },
        ],
      };
      writeFileSync(join(dir, 'dashboard.yml'), stringify(asRules));
      const check = promtool('check', 'rules', join(dir, 'dashboard.yml'));
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.ok(dashboardQueries.length >= 20, 'the dashboard has its panels');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the metric names out of a query', () => {
    assert.deepEqual(
      metricNames(
        'sum by (le, route) (rate(absensi_a_bucket{node=~"$node",status=~"5.."}[5m])) / on (x) max(absensi_b) > 0.5 or absent(up)',
      ),
      ['absensi_a_bucket', 'absensi_b', 'up'],
    );
  });
});

/**
 * The nodes and workers as real processes, against a Redis that wants a
 * password as in production: every metric the rules and the dashboard name
 * must be one of them exports, so renaming a metric cannot silently blank a
 * panel or an alert.
 */
describe('what the nodes and workers export', () => {
  let env: TestEnvironment;
  let redis: PrivateService;
  let cluster: Cluster;
  const scraped: Record<string, string> = {};

  before(async () => {
    const password = randomBytes(16).toString('hex');
    redis = await startPrivateRedis({
      rootDir: mkdtempSync(join(tmpdir(), 'absensi-monitoring-')),
      url: 'redis://127.0.0.1:6379',
      redisServer: findProgram('redis-server') ?? 'redis-server',
      password,
      id: 'monitoring-redis',
    });
    env = await createTestEnvironment();
    const [appPort, broadcastPort, schedulerPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const { PORT: _perProcess, ...childEnv } = env.env;
    cluster = await startCluster({
      env: { ...childEnv, REDIS_URL: redis.url, REDIS_PASSWORD: password },
      appPorts: [appPort],
      broadcastWorkers: 1,
      scheduler: true,
      workerMetricsPorts: [broadcastPort, schedulerPort],
      nginx: false,
      logs: 'ignore',
      restartCrashed: false,
    });
    const targets = {
      app: `http://127.0.0.1:${appPort}`,
      broadcast: `http://127.0.0.1:${broadcastPort}`,
      scheduler: `http://127.0.0.1:${schedulerPort}`,
    };
    for (const worker of [targets.broadcast, targets.scheduler])
      await until(async () => (await httpStatus(`${worker}/healthz`)) === 200, {
        what: `${worker} reached MariaDB and Redis`,
        timeoutMs: 30_000,
      });
    // One request, so the app node's request histogram has a series.
    await httpStatus(`${targets.app}/api/health`);
    for (const [name, url] of Object.entries(targets)) scraped[name] = await (await fetch(`${url}/metrics`)).text();
  });

  after(async () => {
    await cluster?.stop();
    await redis?.proc.kill();
    await env?.cleanup();
  });

  /** Sample names, and for each family the names its samples may take (a histogram's _bucket, _sum, _count). */
  const exported = () => {
    const names = new Set<string>(['up']);
    for (const text of Object.values(scraped)) {
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        names.add(name!);
        if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
        if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
      }
      for (const [, name] of text.matchAll(/^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/gm)) names.add(name!);
    }
    return names;
  };

  it('every metric the alert rules and the dashboard read is exported', () => {
    const known = exported();
    const queries = [
      ...rules.map((rule) => ({ where: `rule ${rule.alert ?? rule.record}`, expr: rule.expr })),
      ...dashboardQueries.map((q) => ({ where: `panel "${q.panel}"`, expr: q.expr })),
      ...dashboard.templating.list
        .filter((v) => v.definition)
        .map((v) => ({ where: `variable ${v.name}`, expr: /label_values\(([^,]+),/.exec(v.definition!)![1]! })),
    ];
    const missing = queries.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !known.has(name))
        .map((name) => `${where}: ${name}`),
    );
    assert.deepEqual(missing, []);
  });

  it('every scrape is valid exposition text, and promtool’s naming lint finds nothing in our own metrics', () => {
    for (const [name, text] of Object.entries(scraped)) {
      const check = spawnSync(findProgram('promtool')!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      const findings = `${check.stdout}${check.stderr}`;
      // 1: not valid exposition text; 3: lint findings, which may only be about the libraries' own names
      // (prom-client's nodejs_active_*_total gauges, BullMQ's bullmq_job_count).
      assert.notEqual(check.status, 1, `${name}: ${findings}`);
      assert.deepEqual(
        findings.split('\n').filter((line) => line.startsWith('absensi_')),
        [],
        `${name}: ${findings}`,
      );
    }
  });

  it('the app node exports its requests, readiness and sockets; the cluster-wide gauges only the scheduler', () => {
    assert.match(scraped.app!, /^absensi_http_request_duration_seconds_count\{.*route="\/api\/health".*\} [1-9]/m);
    assert.match(scraped.app!, /^absensi_ready\{node="app-1"\} 1$/m);
    assert.match(scraped.app!, /^absensi_build_info\{version="[^"]+",revision="[^"]+",node="app-1"\} 1$/m);
    for (const family of ['absensi_outbox_lag_seconds', 'absensi_devices', 'bullmq_job_count']) {
      assert.doesNotMatch(scraped.app! + scraped.broadcast!, new RegExp(`^${family}\\b`, 'm'), family);
      assert.match(scraped.scheduler!, new RegExp(`^${family}\\b`, 'm'), family);
    }
    assert.match(
      scraped.scheduler!,
      /^bullmq_job_count\{queue="broadcast", state="waiting", node="scheduler-1"\} \d+$/m,
    );
    assert.match(scraped.broadcast!, /^# TYPE absensi_broadcast_latency_seconds histogram$/m);
  });
});
