import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminPage } from '../support/admin-page';
import { ApiClient } from '../support/api-client';
import { adminLogin, allEventIds, kioskCheckIn } from '../support/drill-actions';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { ADMIN, createDevice, createKioskEmployees } from '../support/fixtures';
import { runLoops, send, Tally } from '../support/load';
import { until } from '../support/poll';
import { type RestartableService, startDrillRedis } from '../support/private-services';

const EMPLOYEES = 400;
const BEFORE_OUTAGE = 40;
/** The last employees arrive only once Redis is back, so recovery is shown under load too. */
const AFTER_RESTART = 100;
const DURING_OUTAGE = 30;
const OUTAGE_MS = 3000;
const PARALLEL_KIOSKS = 4;
const WRONG_PIN = '9999';

/**
 * Failure drill: the cluster's Redis (sessions, rate limits, queues, fan-out)
 * restarts while kiosks keep checking employees in. MariaDB is the truth, so
 * check-ins go on; their events wait in the outbox and the relay hands them
 * to the queue once Redis is back. Run twice: with Redis persistence
 * (appendonly, as production should) and in memory only, where the restart
 * also forgets every session, rate-limit window, queued job and job scheduler.
 */
for (const appendOnly of [true, false]) {
  const flavour = appendOnly ? 'with appendonly persistence' : 'in memory only, so it forgets everything';

  describe(`drill: Redis restarts during the morning rush (${flavour})`, () => {
    let redis: RestartableService;
    let drill: DrillCluster;

    before(async () => {
      redis = await startDrillRedis({ appendOnly });
      drill = await startDrillCluster({ appNodes: 2, env: { REDIS_URL: redis.url } });
    });

    after(async () => {
      // The private Redis goes whatever happens to the cluster's cleanup.
      try {
        await drill?.stop();
      } finally {
        await redis?.dispose();
      }
    });

    it('every check-in still succeeds, every event still reaches the admin, and logins, sessions and rate limits work again afterwards', async (t) => {
      const { env, cluster, nginxUrl } = drill;
      const codes = await createKioskEmployees(env.db, env.config, 'RDS', EMPLOYEES);
      const kiosk = await createDevice(env.db, 'Kiosk Lobi');
      const earlierSession = await new ApiClient(nginxUrl).login(ADMIN.email, ADMIN.password);
      const page = await AdminPage.open({ baseUrl: nginxUrl, login: adminLogin(nginxUrl) });
      const pidsBefore = Object.fromEntries(Object.entries(cluster.processes).map(([id, p]) => [id, p.pid]));
      const tally = new Tally();
      const outage = {
        from: 0,
        to: 0,
        checkInsDuring: 0,
        readyDuring: [] as (number | null)[],
        loginDuring: null as string | null,
      };
      let next = 0;
      let redisDown = false;
      let rush: Promise<void> | undefined;

      try {
        rush = runLoops(PARALLEL_KIOSKS, async () => {
          const index = next++;
          if (index >= EMPLOYEES) return false;
          if (index >= EMPLOYEES - AFTER_RESTART)
            await until(() => !redisDown, { what: 'Redis is back', timeoutMs: 60_000 });
          const res = await kioskCheckIn(nginxUrl, kiosk.token, codes[index]);
          tally.add(res, res.status === 201);
          if (res.status === 201 && outage.from && !outage.to && res.startedAt > outage.from)
            outage.checkInsDuring += 1;
          return true;
        });

        await until(() => next >= BEFORE_OUTAGE, {
          what: `${BEFORE_OUTAGE} check-ins went through`,
          timeoutMs: 30_000,
        });
        outage.from = Date.now();
        redisDown = true;
        await redis.stop('SIGTERM');
        outage.readyDuring = await Promise.all(
          cluster.nodes.map(async (node) => (await send(node.url, 'GET', '/api/ready')).status),
        );
        const login = await send(nginxUrl, 'POST', '/api/auth/login', { body: ADMIN });
        outage.loginDuring = `${login.status} ${login.reason}`;
        // An outage of a few seconds, with check-ins going through all along.
        await until(() => Date.now() - outage.from >= OUTAGE_MS && outage.checkInsDuring >= DURING_OUTAGE, {
          what: `${DURING_OUTAGE} check-ins succeeded without Redis`,
          timeoutMs: 60_000,
        });
        await redis.start();
        redisDown = false;
        outage.to = Date.now();
        await rush;

        const expected = await allEventIds(env.db);
        await page.waitForAll(expected, 45_000);
        t.diagnostic(
          `Redis down ${((outage.to - outage.from) / 1000).toFixed(1)} s; check-ins: ${tally.summary()}; ${outage.checkInsDuring} of them succeeded while Redis was down, ${AFTER_RESTART} after it was back`,
        );
        t.diagnostic(
          `during the outage: /api/ready answered ${outage.readyDuring.join(', ')}; a login answered ${outage.loginDuring}`,
        );
        t.diagnostic(
          `events: expected ${expected.length}, missing on the admin page ${page.missing(expected).length}; ${page.summary()}`,
        );

        const when = (at: number) => `${((at - outage.from) / 1000).toFixed(2)} s`;
        const failures = tally.failures.map(
          (f) =>
            `${f.status} ${f.reason} sent ${when(f.startedAt)}, answered ${when(f.endedAt)} after Redis stopped (restarted after ${when(outage.to)})`,
        );
        assert.equal(
          tally.failed,
          0,
          `every check-in is answered 201: ${tally.summary()}\n${failures.join('\n')}\n${drill.failureContext()}`,
        );
        assert.ok(outage.checkInsDuring >= DURING_OUTAGE, 'check-ins went on while Redis was down');
        assert.deepEqual(
          outage.readyDuring,
          cluster.nodes.map(() => 503),
          'every node said it was not ready while Redis was down',
        );
        assert.equal(expected.length, EMPLOYEES);
        assert.deepEqual(page.missing(expected), []);
        await until(
          async () => Number((await env.db('outbox').whereNull('published_at').count({ n: '*' }))[0].n) === 0,
          { what: 'every outbox row is marked published', timeoutMs: 30_000 },
        );
      } finally {
        page.close();
        // Whatever failed, the cluster and the cleanup need their Redis back, and the rush must end before them.
        if (redisDown) await redis.start();
        redisDown = false;
        await rush?.catch(() => undefined);
      }

      // Sessions: a persistent Redis keeps them; one that forgot everything logs everyone out, cleanly.
      const me = await earlierSession.get('/api/auth/me');
      assert.equal(
        me.status,
        appendOnly ? 200 : 401,
        `a session from before the restart: ${me.status} ${JSON.stringify(me.body)}`,
      );
      const fresh = await new ApiClient(nginxUrl).login(ADMIN.email, ADMIN.password);
      assert.equal((await fresh.get('/api/auth/me')).status, 200, 'a new login works');
      assert.equal((await fresh.get('/api/attendances/today')).body.data.length, EMPLOYEES);

      // Rate limits are cluster-wide again: wrong PINs at two nodes add up, and one device's burst of heartbeats gets one 200.
      const [victim] = await createKioskEmployees(env.db, env.config, 'PIN', 1);
      const wrongPins = [];
      for (let i = 0; i < 6; i++) {
        const node = cluster.nodes[i % cluster.nodes.length];
        wrongPins.push(
          (
            await send(node.url, 'POST', '/api/kiosk/check-in', {
              headers: { authorization: `Bearer ${kiosk.token}` },
              body: { employee_code: victim, pin: WRONG_PIN },
            })
          ).status,
        );
      }
      assert.deepEqual(wrongPins, [401, 401, 401, 401, 401, 429]);
      const device = await createDevice(env.db, 'Kiosk Banjir');
      const beats = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          send(cluster.nodes[i % cluster.nodes.length].url, 'POST', '/api/devices/heartbeat', {
            headers: { authorization: `Bearer ${device.token}` },
            body: {},
          }),
        ),
      );
      assert.deepEqual(beats.map((b) => b.status).sort(), [200, ...Array(11).fill(429)]);

      const pidsAfter = Object.fromEntries(Object.entries(cluster.processes).map(([id, p]) => [id, p.pid]));
      assert.deepEqual(pidsAfter, pidsBefore, 'no process was restarted');
    });
  });
}
