import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { formatRollingReport, runRollingRestart } from '../../scripts/multi-node/rolling-restart';
import { TailBuffer } from '../../scripts/multi-node/tail-buffer';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createDevice, createKioskEmployees } from '../support/fixtures';
import { startTestCluster, type TestCluster } from '../support/test-cluster';

const SCRIPT = new URL('../../scripts/test-multi-node.sh', import.meta.url).pathname;

/**
 * The four app nodes, two broadcast workers, the scheduler and nginx as real
 * processes on free ports, checked the way an operator checks a deployment.
 */
describe('the local four-node cluster behind nginx', () => {
  let env: TestEnvironment;
  let cluster: TestCluster;
  const logs = new TailBuffer();

  before(async () => {
    env = await createTestEnvironment({ LOG_LEVEL: 'warn', OUTBOX_RELAY_AFTER_SECONDS: '2' });
    cluster = await startTestCluster(env, { logs: logs.stream });
  });

  after(async () => {
    await cluster?.stop();
    await env?.cleanup();
  });

  describe('scripts/test-multi-node.sh', () => {
    let credentials: Record<string, string>;
    let codes: string[];

    before(async () => {
      await createAdmin(env.db, env.config);
      const device = await createDevice(env.db, 'Kiosk Check');
      codes = await createKioskEmployees(env.db, env.config, 'CHK', 2);
      credentials = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DEVICE_TOKEN: device.token };
    });

    const runScript = (args: string[]) =>
      promisify(execFile)(SCRIPT, args, { env: { ...process.env, ...credentials } }).catch(
        (error: { stdout?: string; stderr?: string; code?: number }) => {
          throw new Error(`test-multi-node.sh exited with ${error.code}:\n${error.stdout}${error.stderr}`);
        },
      );

    it('finds every node ready and sees a check-in through node 1 on an admin socket through node 4', async () => {
      const { stdout } = await runScript([
        '--url',
        cluster.nginxUrl,
        '--nodes',
        cluster.nodes.map((n) => n.url).join(','),
        '--employees',
        codes.join(','),
      ]);
      assert.match(stdout, /All 7 checks passed/);
      for (const node of cluster.nodes) assert.match(stdout, new RegExp(`ok +node ${node.url} ready: ${node.id}`));
      assert.match(
        stdout,
        new RegExp(
          `CHK0001 attendance.created through ${cluster.nodes[0]!.url}, seen on the socket through ${cluster.nodes[3]!.url}`,
        ),
      );
    });

    it('with only nginx reachable, as in Compose or Swarm, counts four nodes by their ids and checks the employee out live', async () => {
      const { stdout } = await runScript([
        '--url',
        cluster.nginxUrl,
        '--nodes',
        'none',
        '--expect-nodes',
        '4',
        '--employees',
        codes.join(','),
      ]);
      assert.match(stdout, /All 4 checks passed/);
      assert.match(stdout, /4 nodes answer through nginx: app-1, app-2, app-3, app-4/);
      assert.match(stdout, /CHK0001 attendance.updated through/);
    });
  });

  it('a rolling restart fails no check-in or heartbeat, and every admin socket reconnects and keeps getting live events', async (t) => {
    const report = await runRollingRestart(cluster, env, undefined, (line) => t.diagnostic(line));
    t.diagnostic(formatRollingReport(report));
    const context = `${formatRollingReport(report)}\nlast cluster output:\n${logs.text()}`;

    assert.deepEqual(report.restarted, ['app-1', 'app-2', 'app-3', 'app-4']);
    assert.ok(report.load.checkIns.ok > 0 && report.load.heartbeats.ok > 0, context);
    assert.ok(report.employeesLeft > 0, `the check-ins ran out before the end\n${context}`);
    assert.equal(report.load.checkIns.failed, 0, context);
    assert.equal(report.load.heartbeats.failed, 0, context);
    assert.ok(
      report.sockets.disconnects >= report.sockets.count,
      `every socket lost its node at least once\n${context}`,
    );
    assert.equal(report.sockets.allReconnected, true, context);
    assert.equal(report.sockets.sawLiveEventAfterwards, report.sockets.count, context);
  });
});
