import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import pino from 'pino';
import { createAlertPlanner } from '../../server/alerts/planner';
import { ALERTS_QUEUE } from '../../server/alerts/queue';
import { bullPrefix } from '../../server/context';
import type { RunningNode } from '../../server/node';
import { startHttpReceiver, startSmtpReceiver } from '../support/alert-receivers';
import { ApiClient } from '../support/api-client';
import { startTestBroadcastWorker, startTestNode } from '../support/app-node';
import { createTestClock } from '../support/clock';
import { forgetHeartbeatWindow, runMonitor } from '../support/devices';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createEmployee } from '../support/fixtures';
import { until } from '../support/poll';

// Wednesday 2 December 2026, 07:00 in Jakarta: before the morning rush.
const T0 = '2026-12-02T00:00:00.000Z';
const WEBHOOK_SECRET = 'webhook-secret-of-the-office';
const BOT_TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ';
const ATTEMPTS = 3;

describe('device alerts', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let worker: Awaited<ReturnType<typeof startTestBroadcastWorker>>;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let alertQueue: Queue;
  let admin: ApiClient;
  const clock = createTestClock(T0);
  let kiosks = 0;

  before(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    env = await createTestEnvironment({
      TELEGRAM_API_URL: http.url,
      SMTP_URL: smtp.url,
      ALERT_ATTEMPTS: String(ATTEMPTS),
      ALERT_BACKOFF_MS: '20',
      ALERT_TIMEOUT_MS: '300',
    });
    node = await startTestNode(env, clock);
    worker = await startTestBroadcastWorker(env, clock);
    alertQueue = new Queue(ALERTS_QUEUE, { connection: { url: env.config.redisUrl }, prefix: bullPrefix(env.config) });
    await createAdmin(env.db, env.config);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await alertQueue?.close();
    await worker?.close();
    await node?.shutdown('test done');
    await env?.cleanup();
    await http?.close();
    await smtp?.close();
  });

  async function addChannel(body: Record<string, unknown>) {
    const res = await admin.post('/api/admin/alert-channels', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data as { id: number; secret?: string };
  }
  const setEnabled = (id: number, enabled: boolean) => admin.patch(`/api/admin/alert-channels/${id}`, { enabled });

  async function registerKiosk() {
    kiosks += 1;
    const res = await admin.post('/api/admin/devices', { name: `Kiosk ${kiosks}`, location: 'Gudang' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { device, token } = res.body.data;
    const client = new ApiClient(node.url).withBearer(token);
    return {
      id: device.id as number,
      name: `Kiosk ${kiosks} (Gudang)`,
      async beat() {
        await forgetHeartbeatWindow(env, device.id);
        const beat = await client.post('/api/devices/heartbeat', {});
        assert.equal(beat.status, 200, JSON.stringify(beat.body));
      },
    };
  }
  /** The monitor's judgement `ms` after now: as the scheduler would run it once that much time has passed. */
  async function silentFor(ms: number) {
    clock.advance(ms);
    await runMonitor(node.ctx);
  }
  /** Every event handed to the admins, so every alert they call for is planned; and no alert job left to run. */
  async function settled() {
    await until(async () => !(await env.db('outbox').whereNull('published_at').first()), {
      what: 'every event is published',
      timeoutMs: 10_000,
    });
    await until(
      async () => {
        const counts = await alertQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      { what: 'the alerts queue is empty', timeoutMs: 15_000 },
    );
  }
  const webhookMessages = (path: string, deviceId: number) =>
    http.at(path).filter((r) => (r.body.device as { id: number } | undefined)?.id === deviceId);
  const telegramMessages = (text: string) =>
    http.at(`/bot${BOT_TOKEN}/sendMessage`).filter((r) => String(r.body.text).startsWith(text));
  const mailsAbout = (text: string) => smtp.mails.filter((m) => m.text.startsWith(text));

  it('when a kiosk reaches Terputus, every channel gets one down message; when it is back, one recovered message with the outage length', async () => {
    const hook = await addChannel({
      kind: 'webhook',
      name: 'Webhook TI',
      url: `${http.url}/hook/ti`,
      secret: WEBHOOK_SECRET,
    });
    const bot = await addChannel({ kind: 'telegram', name: 'Grup HR', bot_token: BOT_TOKEN, chat_id: '-100200300' });
    const mail = await addChannel({ kind: 'email', name: 'Email HR', addresses: ['hr@kantor.test', 'ti@kantor.test'] });
    try {
      const kiosk = await registerKiosk();
      await kiosk.beat();
      await silentFor(41_000); // Offline Sementara at 07:00:41: the outage starts here if it goes on.
      await silentFor(260_000); // Terputus.
      await settled();

      const [down] = webhookMessages('/hook/ti', kiosk.id);
      assert.equal(webhookMessages('/hook/ti', kiosk.id).length, 1);
      assert.equal(down!.body.kind, 'down');
      assert.equal(down!.body.text, `${kiosk.name} terputus sejak 07:00`);
      assert.ok(http.signedWith(down!, WEBHOOK_SECRET), 'the body is signed with the channel secret');
      assert.equal(telegramMessages(`${kiosk.name} terputus`).length, 1);
      assert.equal(telegramMessages(`${kiosk.name} terputus`)[0]!.body.chat_id, '-100200300');
      assert.equal(mailsAbout(`${kiosk.name} terputus`).length, 1);
      assert.deepEqual(mailsAbout(`${kiosk.name} terputus`)[0]!.to, ['hr@kantor.test', 'ti@kantor.test']);

      clock.set('2026-12-02T00:23:41.000Z'); // 23 minutes after it left Terhubung.
      await kiosk.beat();
      await settled();
      const messages = webhookMessages('/hook/ti', kiosk.id);
      assert.deepEqual(
        messages.map((m) => [m.body.kind, m.body.text]),
        [
          ['down', `${kiosk.name} terputus sejak 07:00`],
          ['recovered', `${kiosk.name} terhubung lagi setelah 23 menit`],
        ],
      );
      assert.equal(telegramMessages(`${kiosk.name} terhubung lagi setelah 23 menit`).length, 1);
      assert.equal(mailsAbout(`${kiosk.name} terhubung lagi`).length, 1);

      const deliveries = await admin.get(`/api/admin/alert-deliveries?device_id=${kiosk.id}`);
      assert.equal(deliveries.status, 200);
      assert.deepEqual(
        deliveries.body.data
          .map(
            (d: { kind: string; outcome: string; channel: { kind: string } }) =>
              `${d.kind}/${d.channel.kind}/${d.outcome}`,
          )
          .sort(),
        [
          'down/email/sent',
          'down/telegram/sent',
          'down/webhook/sent',
          'recovered/email/sent',
          'recovered/telegram/sent',
          'recovered/webhook/sent',
        ],
      );

      const availability = await admin.get(`/api/admin/devices/${kiosk.id}/availability?from=2026-12-02&to=2026-12-02`);
      assert.equal(availability.status, 200, JSON.stringify(availability.body));
      assert.deepEqual(availability.body.data.days[0].outages, [
        { start: '2026-12-02T00:00:41.000Z', end: '2026-12-02T00:23:41.000Z', minutes: 23 },
      ]);
    } finally {
      for (const channel of [hook, bot, mail]) await setEnabled(channel.id, false);
    }
  });

  it('when a kiosk only flaps inside the grace tier, or was never heard from, nobody is told', async () => {
    const hook = await addChannel({
      kind: 'webhook',
      name: 'Webhook flap',
      url: `${http.url}/hook/flap`,
      secret: WEBHOOK_SECRET,
    });
    try {
      const flapping = await registerKiosk();
      const neverPaired = await registerKiosk();
      await flapping.beat();
      await silentFor(41_000);
      await flapping.beat();
      await silentFor(600_000); // Long enough for the flapping one to go down too, had it stayed silent…
      await flapping.beat(); // …which makes a real outage of it: this test's other half.
      await settled();
      assert.deepEqual(webhookMessages('/hook/flap', neverPaired.id), []);
      assert.deepEqual(
        webhookMessages('/hook/flap', flapping.id).map((m) => m.body.kind),
        ['down', 'recovered'],
        'only the outage that reached Terputus is told, not the flap before it',
      );
    } finally {
      await setEnabled(hook.id, false);
    }
  });

  it('when a kiosk is under maintenance, its outage sends neither down nor recovered, and availability leaves that time out', async () => {
    const hook = await addChannel({
      kind: 'webhook',
      name: 'Webhook servis',
      url: `${http.url}/hook/servis`,
      secret: WEBHOOK_SECRET,
    });
    try {
      const kiosk = await registerKiosk();
      await kiosk.beat();
      const until2h = new Date(clock().getTime() + 2 * 3600_000).toISOString();
      const set = await admin.put(`/api/admin/devices/${kiosk.id}/maintenance`, { until: until2h });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.data.maintenance_until, until2h);
      await silentFor(400_000);
      clock.advance(600_000);
      await kiosk.beat();
      await settled();
      assert.deepEqual(webhookMessages('/hook/servis', kiosk.id), []);

      const ended = await admin.delete(`/api/admin/devices/${kiosk.id}/maintenance`);
      assert.equal(ended.body.data.maintenance_until, null);
      const day = (await admin.get(`/api/admin/devices/${kiosk.id}/availability?from=2026-12-02&to=2026-12-02`)).body
        .data.days[0];
      assert.deepEqual(day.outages, []);
      assert.ok(day.maintenance_minutes >= 16, `maintenance is left out: ${JSON.stringify(day)}`);

      const past = await admin.put(`/api/admin/devices/${kiosk.id}/maintenance`, { until: T0 });
      assert.equal(past.status, 400);
    } finally {
      await setEnabled(hook.id, false);
    }
  });

  it('when a channel answers 500 or not at all, it is retried, every attempt is recorded, it ends as failed, and the other channels get theirs', async () => {
    http.answer('/hook/rusak', 'fail');
    http.answer('/hook/diam', 'hang');
    const broken = await addChannel({
      kind: 'webhook',
      name: 'Rusak',
      url: `${http.url}/hook/rusak`,
      secret: WEBHOOK_SECRET,
    });
    const silent = await addChannel({
      kind: 'webhook',
      name: 'Diam',
      url: `${http.url}/hook/diam`,
      secret: WEBHOOK_SECRET,
    });
    const healthy = await addChannel({
      kind: 'webhook',
      name: 'Sehat',
      url: `${http.url}/hook/sehat`,
      secret: WEBHOOK_SECRET,
    });
    try {
      const kiosk = await registerKiosk();
      await kiosk.beat();
      await silentFor(400_000);
      await settled();
      assert.equal(webhookMessages('/hook/sehat', kiosk.id).length, 1);
      assert.equal(webhookMessages('/hook/rusak', kiosk.id).length, ATTEMPTS);
      const attemptsOf = async (channelId: number) =>
        (await admin.get(`/api/admin/alert-deliveries?channel_id=${channelId}&device_id=${kiosk.id}`)).body.data
          .map((d: { attempt: number; outcome: string; detail: string }) => `${d.attempt}/${d.outcome}/${d.detail}`)
          .reverse();
      assert.deepEqual(await attemptsOf(broken.id), [
        '1/retrying/HTTP 500',
        '2/retrying/HTTP 500',
        '3/failed/HTTP 500',
      ]);
      assert.deepEqual(await attemptsOf(silent.id), [
        '1/retrying/no answer within 300 ms',
        '2/retrying/no answer within 300 ms',
        '3/failed/no answer within 300 ms',
      ]);
      assert.deepEqual(await attemptsOf(healthy.id), ['1/sent/HTTP 200']);
    } finally {
      http.releaseHanging();
      for (const channel of [broken, silent, healthy]) await setEnabled(channel.id, false);
    }
  });

  it('when an admin sends a test message, it goes out at once, signed with the secret the server generated and showed once', async () => {
    const channel = await addChannel({ kind: 'webhook', name: 'Uji', url: `${http.url}/hook/uji` });
    assert.match(channel.secret ?? '', /^[A-Za-z0-9_-]{40,}$/, 'a generated secret, shown in the create answer');
    const listed = (await admin.get('/api/admin/alert-channels')).body.data.find(
      (c: { id: number }) => c.id === channel.id,
    );
    assert.equal(listed.has_secret, true);
    assert.equal(JSON.stringify(listed).includes(channel.secret!), false, 'the secret is never shown again');

    const res = await admin.post(`/api/admin/alert-channels/${channel.id}/test`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.data.outcome, 'sent');
    const [received] = http.at('/hook/uji');
    assert.equal(received!.body.kind, 'test');
    assert.equal(received!.body.text, 'Pesan uji dari Absensi Live untuk saluran "Uji"');
    assert.ok(http.signedWith(received!, channel.secret!));

    http.answer('/hook/uji', 'fail');
    const failed = await admin.post(`/api/admin/alert-channels/${channel.id}/test`);
    assert.deepEqual([failed.body.data.outcome, failed.body.data.detail], ['failed', 'HTTP 500']);
    await setEnabled(channel.id, false);
  });

  it('when a channel is given a URL that is not http(s), an empty chat id or a malformed address, it gets 400 and nothing is stored', async () => {
    const before = (await admin.get('/api/admin/alert-channels')).body.data.length;
    const refused = async (body: Record<string, unknown>, path: string) => {
      const res = await admin.post('/api/admin/alert-channels', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok(
        res.body.error.details.some((d: { path: string }) => d.path === path),
        `${path} is named: ${JSON.stringify(res.body.error.details)}`,
      );
    };
    await refused({ kind: 'webhook', name: 'FTP', url: 'ftp://kantor.test/hook' }, 'url');
    await refused({ kind: 'webhook', name: 'JS', url: 'javascript:alert(1)' }, 'url');
    await refused({ kind: 'telegram', name: 'Bot', bot_token: BOT_TOKEN, chat_id: '' }, 'chat_id');
    await refused({ kind: 'telegram', name: 'Bot', bot_token: 'not-a-token', chat_id: '42' }, 'bot_token');
    await refused({ kind: 'email', name: 'Mail', addresses: ['hr@kantor.test', 'bukan alamat'] }, 'addresses.1');
    await refused({ kind: 'sms', name: 'SMS' }, 'kind');
    const email = await addChannel({ kind: 'email', name: 'Mail', addresses: ['hr@kantor.test'] });
    const foreign = await admin.patch(`/api/admin/alert-channels/${email.id}`, { url: 'https://kantor.test' });
    assert.equal(foreign.status, 400);
    assert.equal((await admin.get('/api/admin/alert-channels')).body.data.length, before + 1);
    await admin.delete(`/api/admin/alert-channels/${email.id}`);
  });

  describe('the morning digest', () => {
    const planner = () =>
      createAlertPlanner({
        db: env.db,
        clock,
        config: env.config,
        logger: pino({ level: 'silent' }),
        queue: alertQueue,
      });
    const digests = (path: string) => http.at(path).filter((r) => r.body.kind === 'digest');

    it('on a working day at work start plus the tolerance, the channels that ask for it get one list of who is not in yet', async () => {
      const hook = await addChannel({
        kind: 'webhook',
        name: 'Ringkasan',
        url: `${http.url}/hook/ringkasan`,
        secret: WEBHOOK_SECRET,
        device_alerts: false,
        digest: true,
      });
      await createEmployee(env.db, env.config, 'EMP101', { name: 'Ani Rahma' });
      await createEmployee(env.db, env.config, 'EMP102', { name: 'Budi Santoso' });
      const ani = await new ApiClient(node.url).login('emp101@test.local', 'employee-pass-1');

      clock.set('2026-12-02T01:10:00.000Z'); // 08:10: still inside the tolerance.
      assert.equal(await planner().planMorningDigest(), 0);
      clock.set('2026-12-02T01:14:00.000Z');
      assert.equal((await ani.post('/api/attendances/check-in')).status, 201);
      clock.set('2026-12-02T01:16:00.000Z'); // 08:16.
      assert.equal(await planner().planMorningDigest(), 1);
      assert.equal(await planner().planMorningDigest(), 0, 'one digest a day');
      await settled();

      const [digest] = digests('/hook/ringkasan');
      assert.equal(digests('/hook/ringkasan').length, 1);
      assert.deepEqual(digest!.body.not_checked_in, [{ employee_code: 'EMP102', name: 'Budi Santoso' }]);
      assert.equal(
        digest!.body.text,
        'Belum absen masuk, Rabu 2 Desember 2026 pukul 08:16: 1 pegawai\n- Budi Santoso (EMP102)',
      );

      clock.set('2026-12-05T01:16:00.000Z'); // A Saturday.
      assert.equal(await planner().planMorningDigest(), 0);
      await setEnabled(hook.id, false);
    });
  });
});
