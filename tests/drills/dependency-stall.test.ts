import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDb, DatabaseTimeoutError } from '../../server/db/knex';
import { listEventsAfter } from '../../server/events/repository';
import { ApiClient } from '../support/api-client';
import { kioskCheckIn } from '../support/drill-actions';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { type Outcome, send } from '../support/load';
import { until } from '../support/poll';
import { type RestartableService, startDrillMariaDb, startDrillRedis } from '../support/private-services';

/** Issue 23: a kiosk must not hang on a stalled dependency; it gets its answer within this. */
const ANSWER_WITHIN_MS = 2000;
/** A request still unanswered after this long is reported as hung instead of holding the test. */
const HUNG_AFTER_MS = 15_000;

const elapsed = (outcome: Outcome) => outcome.endedAt - outcome.startedAt;
const described = (outcome: Outcome) => `${outcome.status} ${outcome.reason} after ${elapsed(outcome)} ms`;

/** One check-in row and one outbox event per attendance: what "nothing half-written" means here. */
async function assertNothingHalfWritten(drill: DrillCluster) {
  const rows = (await drill.env.db('attendances').pluck('id')).map(Number).sort((a, b) => a - b);
  const created = (await listEventsAfter(drill.env.db, 0, 100_000))
    .filter((e) => e.type === 'attendance.created')
    .map((e) => Number((e.data as { id: number }).id));
  assert.deepEqual(
    created.sort((a, b) => a - b),
    rows,
    'attendances and their outbox events match one to one',
  );
}

const hasCheckedIn = async (drill: DrillCluster, employeeCode: string) =>
  Boolean(
    await drill.env
      .db('attendances')
      .join('users', 'users.id', 'attendances.user_id')
      .where('users.employee_code', employeeCode)
      .first('attendances.id'),
  );

/**
 * Failure drills: a dependency stalls instead of dying. The process is
 * SIGSTOPped, so its TCP connections stay open and nothing answers on them:
 * no reconnect notices, and only a timeout on each call bounds the wait.
 */
describe('drill: Redis stalls during the morning', () => {
  let redis: RestartableService;
  let drill: DrillCluster;

  before(async () => {
    redis = await startDrillRedis({ appendOnly: false });
    drill = await startDrillCluster({ appNodes: 1, broadcastWorkers: 1, env: { REDIS_URL: redis.url } });
  });

  after(async () => {
    try {
      await drill?.stop();
    } finally {
      await redis?.dispose();
    }
  });

  it('a kiosk check-in is still recorded within 2 s, a session request answers 503 redis_unavailable within 2 s, and both work again once Redis resumes', async (t) => {
    const { env, nginxUrl } = drill;
    const [early, duringStall, afterStall] = await createKioskEmployees(env.db, env.config, 'RST', 3);
    const kiosk = await createDevice(env.db, 'Kiosk Lobi');
    const employee = await createEmployee(env.db, env.config, 'RSTWEB');
    const web = await new ApiClient(nginxUrl).login(employee.email!, 'employee-pass-1');
    assert.equal((await kioskCheckIn(nginxUrl, kiosk.token, early)).status, 201, 'a check-in before the stall');

    let kioskAnswer: Outcome;
    let webAnswer: Outcome;
    await redis.pause();
    try {
      kioskAnswer = await kioskCheckIn(nginxUrl, kiosk.token, duringStall, { timeoutMs: HUNG_AFTER_MS });
      webAnswer = await send(nginxUrl, 'POST', '/api/attendances/check-in', {
        headers: { cookie: web.cookie! },
        body: {},
        timeoutMs: HUNG_AFTER_MS,
      });
    } finally {
      redis.resume();
    }
    t.diagnostic(
      `while Redis was stalled: kiosk check-in ${described(kioskAnswer)}; web check-in ${described(webAnswer)}`,
    );

    // The kiosk path needs no Redis (device cache, PIN limiter and the queue hand-off all fall back); a session does.
    assert.equal(
      kioskAnswer.status,
      201,
      `the kiosk check-in is recorded: ${described(kioskAnswer)}\n${drill.failureContext()}`,
    );
    assert.ok(
      elapsed(kioskAnswer) < ANSWER_WITHIN_MS,
      `the kiosk check-in answered within ${ANSWER_WITHIN_MS} ms: ${described(kioskAnswer)}`,
    );
    assert.equal(
      `${webAnswer.status} ${webAnswer.reason}`,
      '503 redis_unavailable',
      `the web check-in is refused cleanly: ${described(webAnswer)}`,
    );
    assert.ok(
      elapsed(webAnswer) < ANSWER_WITHIN_MS,
      `the web check-in answered within ${ANSWER_WITHIN_MS} ms: ${described(webAnswer)}`,
    );
    assert.equal(await hasCheckedIn(drill, duringStall), true, 'the 201 has its row');
    assert.equal(await hasCheckedIn(drill, 'RSTWEB'), false, 'the 503 wrote nothing');

    // Once Redis answers again (the clients reconnect on their own), everything works without a restart.
    const retried = await until(
      async () => {
        const res = await web.post('/api/attendances/check-in', {});
        return res.status === 503 ? null : res;
      },
      { what: 'the web check-in is accepted again', timeoutMs: 30_000 },
    );
    assert.equal(retried.status, 201, 'the refused web check-in goes through on retry');
    assert.equal(
      (await kioskCheckIn(nginxUrl, kiosk.token, afterStall)).status,
      201,
      'a kiosk check-in after the stall',
    );
    assert.equal(
      (await kioskCheckIn(nginxUrl, kiosk.token, duringStall)).reason,
      'already_checked_in',
      'the check-in recorded during the stall stands',
    );
    // Its event missed the queue during the stall; the outbox relay delivers it.
    await until(async () => Number((await env.db('outbox').whereNull('published_at').count({ n: '*' }))[0].n) === 0, {
      what: 'every outbox event is published',
      timeoutMs: 30_000,
    });
    await assertNothingHalfWritten(drill);
  });
});

describe('drill: MariaDB stalls during the morning', () => {
  let mariadb: RestartableService;
  let drill: DrillCluster;

  before(async () => {
    mariadb = await startDrillMariaDb();
    drill = await startDrillCluster({ appNodes: 1, broadcastWorkers: 1, env: { DATABASE_URL: mariadb.url } });
  });

  after(async () => {
    try {
      await drill?.stop();
    } finally {
      await mariadb?.dispose();
    }
  });

  it('kiosk check-ins answer 503 database_unavailable within 2 s, and a retry after the stall agrees with what was written', async (t) => {
    const { env, nginxUrl, cluster } = drill;
    const codes = await createKioskEmployees(env.db, env.config, 'MST', 4);
    const [early, ...duringStall] = codes;
    const kiosk = await createDevice(env.db, 'Kiosk Lobi');
    assert.equal((await kioskCheckIn(nginxUrl, kiosk.token, early)).status, 201, 'a check-in before the stall');

    // One after another: the first finds its pooled connection unanswered, the next ones wait for a new connection.
    const answers: Outcome[] = [];
    await mariadb.pause();
    try {
      for (const code of duringStall)
        answers.push(await kioskCheckIn(nginxUrl, kiosk.token, code, { timeoutMs: HUNG_AFTER_MS }));
    } finally {
      mariadb.resume();
    }
    t.diagnostic(`while MariaDB was stalled: ${answers.map(described).join('; ')}`);

    assert.deepEqual(
      answers.map((a) => `${a.status} ${a.reason}`),
      duringStall.map(() => '503 database_unavailable'),
      `every check-in is refused cleanly\n${drill.failureContext()}`,
    );
    const slow = answers.filter((a) => elapsed(a) >= ANSWER_WITHIN_MS);
    assert.deepEqual(slow.map(described), [], `every check-in answered within ${ANSWER_WITHIN_MS} ms`);

    await until(async () => ((await send(cluster.nodes[0].url, 'GET', '/api/ready')).status === 200 ? true : null), {
      what: 'the node is ready again',
      timeoutMs: 30_000,
    });
    // A 503 may come after a COMMIT MariaDB received but had not answered; the kiosk's retry then finds it recorded.
    for (const code of duringStall) {
      const recorded = await hasCheckedIn(drill, code);
      const retry = await kioskCheckIn(nginxUrl, kiosk.token, code);
      assert.equal(
        `${retry.status} ${retry.reason}`,
        recorded ? '409 already_checked_in' : '201 null',
        `the retry for ${code} agrees with the database (${recorded ? 'recorded' : 'not recorded'} during the stall)`,
      );
    }
    await assertNothingHalfWritten(drill);
  });

  it('a transaction whose statement goes unanswered fails within the query timeout, and MariaDB keeps none of it', async () => {
    const queryMs = 1000;
    const db = createDb(drill.env.config.databaseUrl, 1, { acquireMs: 1000, queryMs });
    let startedAt = 0;
    let threadId = 0;
    let resumeAnyway: NodeJS.Timeout | undefined;
    try {
      const outcome = await db
        .transaction(async (trx) => {
          threadId = Number((await trx.raw('SELECT CONNECTION_ID() AS id'))[0][0].id);
          await trx('users').insert({ employee_code: 'TRX0001', name: 'Separuh Pertama', role: 'employee' });
          await mariadb.pause();
          startedAt = Date.now();
          // Without a working bound the transaction would wait for the stall to end: end it so the test reports instead of hanging.
          resumeAnyway = setTimeout(() => mariadb.resume(), HUNG_AFTER_MS);
          await trx('users').insert({ employee_code: 'TRX0002', name: 'Separuh Kedua', role: 'employee' });
        })
        .then(
          () => 'committed',
          (error: unknown) => error,
        )
        .finally(() => {
          clearTimeout(resumeAnyway);
          mariadb.resume();
        });
      const waitedMs = Date.now() - startedAt;

      assert.ok(outcome instanceof DatabaseTimeoutError, `the transaction fails with the timeout: ${String(outcome)}`);
      // The ROLLBACK is not queued behind the unanswered INSERT (that would have waited for knex's own 5 s limit).
      assert.ok(waitedMs < queryMs + 500, `it failed ${waitedMs} ms after the stall began`);
      // Once MariaDB has noticed the closed connection it has rolled back, and the pool has a working connection again.
      await until(
        async () =>
          (
            await drill.env.db.raw('SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ?', [threadId])
          )[0][0].n === 0
            ? true
            : null,
        { what: 'MariaDB drops the closed connection', timeoutMs: 30_000 },
      );
      assert.deepEqual(
        await drill.env.db('users').where('employee_code', 'like', 'TRX%').pluck('employee_code'),
        [],
        'neither insert was kept',
      );
      assert.deepEqual((await db.raw('SELECT 1 AS ok'))[0], [{ ok: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
