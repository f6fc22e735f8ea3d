import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AppContext, createContext } from '../../server/context';
import { startHttpReceiver } from '../support/alert-receivers';
import { ApiClient } from '../support/api-client';
import { createTestClock } from '../support/clock';
import { runMonitor } from '../support/devices';
import { type DrillCluster, startDrillCluster } from '../support/drill-cluster';
import { ADMIN } from '../support/fixtures';
import { until } from '../support/poll';

const BOT_TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ';

/**
 * Failure drill: both broadcast workers (which also deliver the alerts) are
 * SIGKILLed while a webhook delivery is in flight. BullMQ's lock on the job
 * lapses, a restarted worker takes it over, and the alert still arrives;
 * the Telegram message that had already gone out is not sent again.
 */
describe('drill: the workers die while a kiosk alert is being delivered', () => {
  let drill: DrillCluster;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let monitorCtx: AppContext;

  before(async () => {
    http = await startHttpReceiver();
    drill = await startDrillCluster({
      appNodes: 1,
      scheduler: false,
      env: { TELEGRAM_API_URL: http.url, ALERT_TIMEOUT_MS: '3000', ALERT_BACKOFF_MS: '100' },
    });
  });

  after(async () => {
    await monitorCtx?.close();
    await drill?.stop();
    await http?.close();
  });

  it('when a worker is SIGKILLed mid-delivery, the alert still arrives, and a message already sent is not sent twice', async () => {
    const { env, cluster, nginxUrl } = drill;
    const admin = await new ApiClient(nginxUrl).login(ADMIN.email, ADMIN.password);
    http.answer('/hook/ti', 'hang');
    for (const channel of [
      { kind: 'webhook', name: 'Webhook TI', url: `${http.url}/hook/ti`, secret: 'webhook-secret-of-the-office' },
      { kind: 'telegram', name: 'Grup HR', bot_token: BOT_TOKEN, chat_id: '-100200300' },
    ])
      assert.equal((await admin.post('/api/admin/alert-channels', channel)).status, 201);
    const created = await admin.post('/api/admin/devices', { name: 'Kiosk Gudang', location: null });
    const kiosk = new ApiClient(nginxUrl).withBearer(created.body.data.token);
    assert.equal((await kiosk.post('/api/devices/heartbeat', {})).status, 200);

    // The monitor judges the kiosk from six minutes on; its event goes through the real queue to the real workers.
    const clock = createTestClock(new Date(Date.now() + 6 * 60_000).toISOString());
    monitorCtx = createContext(env.config, { clock });
    await runMonitor(monitorCtx);

    const sent = (kind: string) =>
      env
        .db('alert_deliveries as d')
        .join('alert_channels as c', 'c.id', 'd.channel_id')
        .where({ 'c.kind': kind, outcome: 'sent' });
    await until(async () => http.at('/hook/ti').length === 1 && (await sent('telegram')).length === 1, {
      what: 'the webhook delivery is in flight and the Telegram one is done',
      timeoutMs: 20_000,
    });
    await Promise.all([cluster.kill('broadcast-1', 'SIGKILL'), cluster.kill('broadcast-2', 'SIGKILL')]);
    http.answer('/hook/ti', 'ok');
    await cluster.start('broadcast-1');

    await until(async () => (await sent('webhook')).length === 1, {
      what: 'the restarted worker delivers the webhook alert',
      timeoutMs: 40_000,
    });
    const webhook = http.at('/hook/ti');
    assert.equal(webhook.length, 2, 'the cut-off request, then the one that got through');
    assert.equal(
      webhook[0]!.body.event_id,
      webhook[1]!.body.event_id,
      'the same alert, which a receiver can tell by its event_id',
    );
    assert.deepEqual(
      webhook.map((r) => r.answered),
      [undefined, 200],
    );
    assert.equal(http.at(`/bot${BOT_TOKEN}/sendMessage`).length, 1, 'Telegram got its message once');
    assert.equal((await sent('webhook')).length, 1);
    assert.match(String(webhook[1]!.body.text), /^Kiosk Gudang terputus sejak \d\d:\d\d$/);
  });
});
