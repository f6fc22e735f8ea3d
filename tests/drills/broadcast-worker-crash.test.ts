import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminPage } from '../support/admin-page';
import { adminLogin, allEventIds, kioskCheckIn } from '../support/drill-actions';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { createDevice, createKioskEmployees } from '../support/fixtures';
import { runLoops, Tally } from '../support/load';

const STREAM = 500;
const PARALLEL_KIOSKS = 8;

/**
 * Failure drill: a broadcast worker is SIGKILLed (no chance to finish or hand
 * back its jobs) while events stream. BullMQ's lock on its active jobs
 * expires and another worker, or the restarted one, takes them over.
 */
describe('drill: a broadcast worker dies in the middle of the morning rush', () => {
  let drill: DrillCluster;

  before(async () => {
    drill = await startDrillCluster({ appNodes: 2 });
  });

  after(async () => {
    await drill?.stop();
  });

  it('when a broadcast worker is SIGKILLed during 500 check-ins, and later the other one too, every event still reaches the admin socket', async (t) => {
    const { env, cluster, nginxUrl } = drill;
    const codes = await createKioskEmployees(env.db, env.config, 'BRK', STREAM);
    const kiosk = await createDevice(env.db, 'Kiosk Lobi');
    const page = await AdminPage.open({ baseUrl: nginxUrl, login: adminLogin(nginxUrl) });
    const tally = new Tally();
    const kills: Promise<void>[] = [];
    let next = 0;
    try {
      await runLoops(PARALLEL_KIOSKS, async () => {
        const index = next++;
        if (index >= STREAM) return false;
        // A third of the way in, one worker dies; two thirds in, the other dies and the first is restarted.
        if (index === Math.floor(STREAM / 3)) kills.push(cluster.kill('broadcast-1', 'SIGKILL'));
        if (index === Math.floor((2 * STREAM) / 3))
          kills.push(cluster.kill('broadcast-2', 'SIGKILL').then(() => cluster.start('broadcast-1')));
        const res = await kioskCheckIn(nginxUrl, kiosk.token, codes[index]);
        tally.add(res, res.status === 201);
        return true;
      });
      await Promise.all(kills);

      const expected = await allEventIds(env.db);
      await page.waitForAll(expected, 45_000);
      t.diagnostic(`check-ins: ${tally.summary()}`);
      t.diagnostic(
        `events: expected ${expected.length}, missing on the admin page ${page.missing(expected).length}; ${page.summary()}`,
      );

      assert.equal(tally.failed, 0, `every check-in is answered 201: ${tally.summary()}\n${drill.failureContext()}`);
      assert.equal(expected.length, STREAM, 'one outbox event per check-in');
      assert.deepEqual(page.missing(expected), []);
      assert.equal(page.caughtUp, 0, 'the socket itself delivered every event (it never dropped)');
    } finally {
      page.close();
    }
  });
});
