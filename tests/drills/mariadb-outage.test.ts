import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listEventsAfter } from '../../server/events/repository';
import { AdminPage } from '../support/admin-page';
import { ApiClient } from '../support/api-client';
import { forgetHeartbeatWindow } from '../support/devices';
import { adminLogin, allEventIds, kioskCheckIn } from '../support/drill-actions';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { ADMIN, createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { type Outcome, runLoops, send, Tally } from '../support/load';
import { until } from '../support/poll';
import { type RestartableService, startDrillMariaDb } from '../support/private-services';

const EMPLOYEES = 150;
const BEFORE_OUTAGE = 40;
const PARALLEL_KIOSKS = 4;
/** "No hang beyond a few seconds": an answer slower than this counts as a hang. */
const ANSWER_WITHIN_MS = 10_000;
const RETRY_PAUSE_MS = 200;
const OUTAGE_MS = 3000;
const REFUSED_USER = 'OUTAGE01';

interface Attempt {
  code: string;
  outcome: Outcome;
  duringOutage: boolean;
}

/**
 * Failure drill: the database, a private mariadbd, is SIGKILLed while kiosks
 * check employees in, and started again on the same port and datadir. The
 * nodes are not restarted: they must say they are not ready, refuse writes
 * with 503 database_unavailable at once, write nothing by halves, and work
 * again by themselves once the database is back.
 */
describe('drill: the database goes down during the morning rush', () => {
  let mariadb: RestartableService;
  let drill: DrillCluster;

  before(async () => {
    mariadb = await startDrillMariaDb();
    drill = await startDrillCluster({ appNodes: 2, env: { DATABASE_URL: mariadb.url } });
  });

  after(async () => {
    // The private MariaDB goes whatever happens to the cluster's cleanup.
    try {
      await drill?.stop();
    } finally {
      await mariadb?.dispose();
    }
  });

  it('nodes answer 503 database_unavailable at once, write nothing by halves, and work again without a restart', async (t) => {
    const { env, cluster, nginxUrl } = drill;
    const codes = await createKioskEmployees(env.db, env.config, 'MDB', EMPLOYEES);
    const kiosk = await createDevice(env.db, 'Kiosk Lobi');
    const probeUrls = [...cluster.nodes.map((node) => node.url), nginxUrl];
    const heartbeatDevices = await Promise.all(probeUrls.map((_, i) => createDevice(env.db, `Kiosk Uji ${i + 1}`)));
    const webEmployee = await createEmployee(env.db, env.config, 'WEB001');
    const webSession = await new ApiClient(nginxUrl).login(webEmployee.email!, 'employee-pass-1');
    const admin = await new ApiClient(nginxUrl).login(ADMIN.email, ADMIN.password);
    const page = await AdminPage.open({ baseUrl: nginxUrl, login: adminLogin(nginxUrl) });
    // Opened first: the page must see this kiosk's events too.
    const toldToReconnect = await connectedKioskToldToReconnect(drill, admin);
    const pidsBefore = Object.fromEntries(Object.entries(cluster.processes).map(([id, p]) => [id, p.pid]));
    const attempts: Attempt[] = [];
    const checkIns = new Tally();
    let databaseDown = false;
    let next = 0;

    try {
      // A kiosk whose check-in got 503 shows "try again" and the employee does; 409 means it was recorded after all.
      const rush = runLoops(PARALLEL_KIOSKS, async () => {
        const code = codes[next++];
        if (!code) return false;
        for (;;) {
          const duringOutage = databaseDown;
          const outcome = await kioskCheckIn(nginxUrl, kiosk.token, code, { timeoutMs: ANSWER_WITHIN_MS });
          attempts.push({ code, outcome, duringOutage });
          const recorded =
            outcome.status === 201 || (outcome.status === 409 && outcome.reason === 'already_checked_in');
          const refusedCleanly = outcome.status === 503 && outcome.reason === 'database_unavailable';
          checkIns.add(outcome, recorded || refusedCleanly);
          if (!refusedCleanly) return true;
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
      });

      await until(() => next >= BEFORE_OUTAGE, { what: `${BEFORE_OUTAGE} check-ins went through`, timeoutMs: 30_000 });
      databaseDown = true;
      const killedAt = Date.now();
      // The test's own pool would only log its lost connections; it is opened again after the restart.
      await env.db.destroy();
      await mariadb.stop('SIGKILL');

      // Every node says it is not ready, and every kind of write is refused cleanly, on each node and through nginx.
      const notReady = await Promise.all(
        cluster.nodes.map((node) =>
          until(
            async () => {
              const res = await send(node.url, 'GET', '/api/ready', { timeoutMs: ANSWER_WITHIN_MS });
              return res.status === 503 && res.body?.error?.details?.database === 'down' ? Date.now() - killedAt : null;
            },
            { what: `${node.id} says it is not ready`, timeoutMs: 30_000 },
          ),
        ),
      );
      const retries = await heartbeatRetriesDuringOutage(nginxUrl, toldToReconnect.token);
      const writes = await probeWritesDuringOutage(probeUrls, {
        kioskToken: kiosk.token,
        heartbeatTokens: heartbeatDevices.map((d) => d.token),
        webCookie: webSession.cookie!,
        adminCookie: admin.cookie!,
        newCode: REFUSED_USER,
      });
      // An outage of a few seconds, long enough for the rush to run into it again and again.
      await until(
        () =>
          Date.now() - killedAt >= OUTAGE_MS &&
          attempts.filter((a) => a.duringOutage && a.outcome.status === 503).length >= 10,
        { what: 'the rush met the outage', timeoutMs: 30_000 },
      );

      await mariadb.start();
      const restartedAt = Date.now();
      databaseDown = false;
      env.db.initialize();
      const readyAgain = await Promise.all(
        cluster.nodes.map((node) =>
          until(async () => ((await send(node.url, 'GET', '/api/ready')).status === 200 ? true : null), {
            what: `${node.id} is ready again`,
            timeoutMs: 60_000,
          }),
        ),
      );
      await rush;

      t.diagnostic(`MariaDB SIGKILLed and down for ${((restartedAt - killedAt) / 1000).toFixed(1)} s`);
      t.diagnostic(
        `/api/ready turned 503 after ${notReady.map((ms) => `${ms} ms`).join(', ')}; ready again: ${readyAgain.length} of ${cluster.nodes.length} nodes`,
      );
      t.diagnostic(`writes during the outage: ${writes.summary()}; slowest answer ${writes.slowestMs} ms`);
      t.diagnostic(
        `kiosk check-ins: ${attempts.length} attempts, ${attempts.filter((a) => a.outcome.status === 503).length} refused with 503 database_unavailable and retried; ${checkIns.summary()}`,
      );

      assert.deepEqual(
        writes.unclean(),
        [],
        'every write during the outage answers 503 database_unavailable within 10 s',
      );
      assert.deepEqual(
        retries,
        ['503 database_unavailable', '503 database_unavailable', '503 database_unavailable'],
        'a refused heartbeat does not count against the rate limit: its retries are refused for the outage, not 429',
      );
      assert.equal(
        checkIns.failed,
        0,
        `every check-in attempt was recorded or cleanly refused: ${checkIns.summary()}\n${drill.failureContext()}`,
      );

      // Nothing half-written: every attendance has its one outbox event and vice versa; every 201 has its row.
      const rows = await env.db('attendances').select('id');
      const createdEvents = (await listEventsAfter(env.db, 0, 100_000))
        .filter((e) => e.type === 'attendance.created')
        .map((e) => Number((e.data as { id: number }).id));
      assert.deepEqual(
        createdEvents.sort((a, b) => a - b),
        rows.map((r) => Number(r.id)).sort((a, b) => a - b),
        'attendances and their outbox events match one to one',
      );
      const answered201 = attempts.filter((a) => a.outcome.status === 201).map((a) => Number(a.outcome.body.data.id));
      assert.ok(
        answered201.every((id) => rows.some((r) => Number(r.id) === id)),
        'every 201 has its row',
      );
      assert.equal(rows.length, EMPLOYEES, 'each employee is checked in exactly once');
      const inDoubt = attempts.filter((a) => a.outcome.status === 409).length;
      t.diagnostic(
        `in doubt: ${inDoubt} check-in(s) answered 503 although committed (the retry found 409 already_checked_in)`,
      );
      assert.equal(
        await env.db('users').where({ employee_code: REFUSED_USER }).first(),
        undefined,
        'the user refused during the outage was not created',
      );

      // Everything works again without restarting anything, on every node.
      const afterCodes = await createKioskEmployees(env.db, env.config, 'AFT', cluster.nodes.length);
      for (const [i, node] of cluster.nodes.entries()) {
        assert.equal(
          (await kioskCheckIn(node.url, kiosk.token, afterCodes[i])).status,
          201,
          `a check-in on ${node.id}`,
        );
        const nodeAdmin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
        assert.equal(
          (await nodeAdmin.post('/api/admin/users', { employee_code: `AFTUSR${i}`, name: 'Setelah Pulih' })).status,
          201,
          `creating a user on ${node.id}`,
        );
      }
      const signal = await send(nginxUrl, 'POST', '/api/devices/heartbeat', {
        headers: { authorization: `Bearer ${toldToReconnect.token}` },
        body: {},
      });
      assert.equal(signal.status, 200, 'the kiosk that retried through the outage is heard at once after it');
      assert.equal(signal.body.should_reconnect, true, 'and still gets its reconnect signal');
      const expected = await allEventIds(env.db);
      await page.waitForAll(expected, 45_000);
      t.diagnostic(
        `events: expected ${expected.length}, missing on the admin page ${page.missing(expected).length}; ${page.summary()}`,
      );
      const pidsAfter = Object.fromEntries(Object.entries(cluster.processes).map(([id, p]) => [id, p.pid]));
      assert.deepEqual(pidsAfter, pidsBefore, 'no process was restarted');
    } finally {
      page.close();
      // Whatever failed, the cleanup needs the database back.
      if (databaseDown) {
        await mariadb.start();
        env.db.initialize();
      }
    }
  });
});

/**
 * A kiosk the nodes know (its token cached, its heartbeats recorded in Redis)
 * that an admin has told to reconnect: its next heartbeat must go to the
 * database to hand over the signal. Its 10 s window is forgotten, as if the
 * kiosk's interval had passed.
 */
async function connectedKioskToldToReconnect(drill: DrillCluster, admin: ApiClient) {
  const kiosk = await createDevice(drill.env.db, 'Kiosk Sinyal');
  const first = await send(drill.nginxUrl, 'POST', '/api/devices/heartbeat', {
    headers: { authorization: `Bearer ${kiosk.token}` },
    body: {},
  });
  assert.equal(first.status, 200);
  assert.equal((await admin.post(`/api/admin/devices/${kiosk.id}/reconnect`, { delay_seconds: 0 })).status, 200);
  await forgetHeartbeatWindow(drill.env, kiosk.id);
  return kiosk;
}

/** The kiosk retries its heartbeat at once, three times: each attempt is counted before the database refuses it. */
async function heartbeatRetriesDuringOutage(baseUrl: string, token: string): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < 3; i++) {
    const outcome = await send(baseUrl, 'POST', '/api/devices/heartbeat', {
      headers: { authorization: `Bearer ${token}` },
      body: {},
      timeoutMs: ANSWER_WITHIN_MS,
    });
    answers.push(`${outcome.status} ${outcome.reason}`);
  }
  return answers;
}

interface WriteProbe {
  label: string;
  outcome: Outcome;
}

/** One of each kind of write (and a login) at each base URL while the database is down. */
async function probeWritesDuringOutage(
  baseUrls: string[],
  who: { kioskToken: string; heartbeatTokens: string[]; webCookie: string; adminCookie: string; newCode: string },
) {
  const probes: WriteProbe[] = [];
  const bearer = { authorization: `Bearer ${who.kioskToken}` };
  for (const [i, baseUrl] of baseUrls.entries()) {
    const calls: [string, string, string, Record<string, string>, unknown][] = [
      ['kiosk check-in', 'POST', '/api/kiosk/check-in', bearer, { employee_code: 'MDB0001', pin: '1234' }],
      // A device of its own per URL: a heartbeat's 10 s window would turn a second one into 429.
      ['heartbeat', 'POST', '/api/devices/heartbeat', { authorization: `Bearer ${who.heartbeatTokens[i]}` }, {}],
      ['web check-in', 'POST', '/api/attendances/check-in', { cookie: who.webCookie }, {}],
      [
        'new user',
        'POST',
        '/api/admin/users',
        { cookie: who.adminCookie },
        { employee_code: who.newCode, name: 'Saat Padam' },
      ],
      ['login', 'POST', '/api/auth/login', {}, ADMIN],
    ];
    for (const [label, method, path, headers, body] of calls) {
      probes.push({
        label: `${label} at ${baseUrl}`,
        outcome: await send(baseUrl, method, path, { headers, body, timeoutMs: ANSWER_WITHIN_MS }),
      });
    }
  }
  return {
    slowestMs: Math.max(...probes.map((p) => p.outcome.endedAt - p.outcome.startedAt)),
    unclean: () =>
      probes
        .filter((p) => !(p.outcome.status === 503 && p.outcome.reason === 'database_unavailable'))
        .map((p) => `${p.label}: ${p.outcome.status} ${p.outcome.reason}`),
    summary: () =>
      `${probes.length} writes, ${probes.filter((p) => p.outcome.status === 503 && p.outcome.reason === 'database_unavailable').length} answered 503 database_unavailable`,
  };
}
