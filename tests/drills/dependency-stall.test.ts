import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listEventsAfter } from '../../server/events/repository';
import { ApiClient } from '../support/api-client';
import { kioskCheckIn } from '../support/drill-actions';
import { startDrillCluster, type DrillCluster } from '../support/drill-cluster';
import { createDevice, createEmployee, createKioskEmployees } from '../support/fixtures';
import { send, type Outcome } from '../support/load';
import { until } from '../support/poll';
import { startDrillRedis, type RestartableService } from '../support/private-services';

/** Issue 23: a kiosk must not hang on a stalled dependency; it gets its answer within this. */
const ANSWER_WITHIN_MS = 2000;
/** A request still unanswered after this long is reported as hung instead of holding the test. */
const HUNG_AFTER_MS = 15_000;

const elapsed = (outcome: Outcome) => outcome.endedAt - outcome.startedAt;
const described = (outcome: Outcome) => `${outcome.status} ${outcome.reason} after ${elapsed(outcome)} ms`;

/** One check-in row and one outbox event per attendance: what "nothing half-written" means here. */
async function assertNothingHalfWritten(drill: DrillCluster) {
  const rows = (await drill.env.db('attendances').pluck('id')).map(Number).sort((a, b) => a - b);
  const created = (await listEventsAfter(drill.env.db, 0, 100_000)).filter((e) => e.type === 'attendance.created').map((e) => Number((e.data as { id: number }).id));
  assert.deepEqual(created.sort((a, b) => a - b), rows, 'attendances and their outbox events match one to one');
}

const hasCheckedIn = async (drill: DrillCluster, employeeCode: string) => Boolean(await drill.env.db('attendances').join('users', 'users.id', 'attendances.user_id').where('users.employee_code', employeeCode).first('attendances.id'));

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
    redis.pause();
    try {
      kioskAnswer = await kioskCheckIn(nginxUrl, kiosk.token, duringStall, { timeoutMs: HUNG_AFTER_MS });
      webAnswer = await send(nginxUrl, 'POST', '/api/attendances/check-in', { headers: { cookie: web.cookie! }, body: {}, timeoutMs: HUNG_AFTER_MS });
    } finally {
      redis.resume();
    }
    t.diagnostic(`while Redis was stalled: kiosk check-in ${described(kioskAnswer)}; web check-in ${described(webAnswer)}`);

    // The kiosk path needs no Redis (device cache, PIN limiter and the queue hand-off all fall back); a session does.
    assert.equal(kioskAnswer.status, 201, `the kiosk check-in is recorded: ${described(kioskAnswer)}\n${drill.failureContext()}`);
    assert.ok(elapsed(kioskAnswer) < ANSWER_WITHIN_MS, `the kiosk check-in answered within ${ANSWER_WITHIN_MS} ms: ${described(kioskAnswer)}`);
    assert.equal(`${webAnswer.status} ${webAnswer.reason}`, '503 redis_unavailable', `the web check-in is refused cleanly: ${described(webAnswer)}`);
    assert.ok(elapsed(webAnswer) < ANSWER_WITHIN_MS, `the web check-in answered within ${ANSWER_WITHIN_MS} ms: ${described(webAnswer)}`);
    assert.equal(await hasCheckedIn(drill, duringStall), true, 'the 201 has its row');
    assert.equal(await hasCheckedIn(drill, 'RSTWEB'), false, 'the 503 wrote nothing');

    // Once Redis answers again (the clients reconnect on their own), everything works without a restart.
    const retried = await until(async () => {
      const res = await web.post('/api/attendances/check-in', {});
      return res.status === 503 ? null : res;
    }, { what: 'the web check-in is accepted again', timeoutMs: 30_000 });
    assert.equal(retried.status, 201, 'the refused web check-in goes through on retry');
    assert.equal((await kioskCheckIn(nginxUrl, kiosk.token, afterStall)).status, 201, 'a kiosk check-in after the stall');
    assert.equal((await kioskCheckIn(nginxUrl, kiosk.token, duringStall)).reason, 'already_checked_in', 'the check-in recorded during the stall stands');
    // Its event missed the queue during the stall; the outbox relay delivers it.
    await until(async () => Number((await env.db('outbox').whereNull('published_at').count({ n: '*' }))[0].n) === 0, { what: 'every outbox event is published', timeoutMs: 30_000 });
    await assertNothingHalfWritten(drill);
  });
});
