import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Clock } from '../../server/clock';
import type { RunningNode } from '../../server/node';
import { startHttpReceiver, startSmtpReceiver } from '../support/alert-receivers';
import { ApiClient } from '../support/api-client';
import { startTestBroadcastWorker, startTestNode } from '../support/app-node';
import { buildWebApp, collectPageErrors, launchBrowser, saveScreenshot } from '../support/browser';
import { forgetHeartbeatWindow, runMonitor } from '../support/devices';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin } from '../support/fixtures';
import { until } from '../support/poll';

const ZONE = 'Asia/Jakarta';
const DAY_MS = 86_400_000;
const KIOSK = { name: 'Kiosk Lobi Utama', location: 'Lantai 1, lobi' };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const BOT_TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ';

/** "2026-12-02T07:12" for an instant, on the office's wall clock. */
const officeTime = (at: number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(at)
    .replace(' ', 'T');
/** The office's calendar day `days` from today. */
const officeDay = (days: number) => officeTime(Date.now() + days * DAY_MS).slice(0, 10);
/** The instant of a wall time in the office (Jakarta has no daylight saving: always +07:00). */
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+07:00`);

/**
 * Real time shifted by an offset: the kiosk's past days are played on it
 * (set to a moment of them), then it is set back to now for the browser, and
 * from there it runs on its own like the console's clock.
 */
function shiftedClock(): Clock & { set(instant: number): void } {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  return Object.assign(clock, { set: (instant: number) => (offset = instant - Date.now()) });
}

/**
 * Peringatan and the device detail's Ketersediaan as an office's admin uses
 * them: a kiosk with a few days of history (two outages told to Telegram and
 * email by the real workers), webhooks added and tried from the page against
 * a local receiver, and a maintenance window set and ended.
 */
describe('device alerts in a real browser', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let worker: Awaited<ReturnType<typeof startTestBroadcastWorker>>;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  let admin: ApiClient;
  let kioskId: number;
  const clock = shiftedClock();
  const twoDaysAgo = officeDay(-2);
  const yesterday = officeDay(-1);

  before(async () => {
    http = await startHttpReceiver();
    http.answer('/hook/gudang', 'fail');
    smtp = await startSmtpReceiver();
    const [, environment] = await Promise.all([
      buildWebApp(),
      createTestEnvironment({
        TELEGRAM_API_URL: http.url,
        SMTP_URL: smtp.url,
        ALERT_ATTEMPTS: '3',
        ALERT_BACKOFF_MS: '20',
        ALERT_TIMEOUT_MS: '2000',
      }),
    ]);
    env = environment;
    await createAdmin(env.db, env.config);
    // The kiosk was set up four days ago, before the morning rush.
    clock.set(at(officeDay(-4), '06:30'));
    node = await startTestNode(env, clock);
    worker = await startTestBroadcastWorker(env, clock);
    admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    for (const body of [
      { kind: 'telegram', name: 'Grup HR', bot_token: BOT_TOKEN, chat_id: '-1001234567890', digest: true },
      { kind: 'email', name: 'Email TI', addresses: ['ti@kantor.test', 'gedung@kantor.test'] },
    ]) {
      const res = await admin.post('/api/admin/alert-channels', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const created = await admin.post('/api/admin/devices', KIOSK);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    kioskId = created.body.data.device.id;
    const kiosk = new ApiClient(node.url).withBearer(created.body.data.token);
    const beat = async () => {
      await forgetHeartbeatWindow(env, kioskId);
      assert.equal((await kiosk.post('/api/devices/heartbeat', { app_version: 'android-kiosk/2.4.1' })).status, 200);
    };
    let told = 0;
    /** Every channel heard of each transition before time moves on, so each delivery has its own time. */
    const everyoneTold = async () => {
      told += 2;
      await until(
        async () => (await admin.get(`/api/admin/alert-deliveries?device_id=${kioskId}`)).body.meta.total >= told,
        { what: `${told} deliveries about the kiosk`, timeoutMs: 15_000 },
      );
    };
    /** Silent from `from` (Offline Sementara 41 s after its last heartbeat, then Terputus) until a heartbeat at `to`. */
    const outage = async (day: string, from: string, to: string) => {
      clock.set(at(day, from) - 41_000);
      await beat();
      clock.set(at(day, from));
      await runMonitor(node.ctx);
      clock.set(at(day, from) + 5 * 60_000);
      await runMonitor(node.ctx);
      await everyoneTold();
      clock.set(at(day, to));
      await beat();
      await everyoneTold();
    };
    await beat();
    await outage(twoDaysAgo, '07:12', '07:35');
    // An hour of planned work yesterday morning: not counted against it.
    clock.set(at(yesterday, '09:00'));
    const window = await admin.put(`/api/admin/devices/${kioskId}/maintenance`, {
      until: new Date(at(yesterday, '10:00')).toISOString(),
    });
    assert.equal(window.status, 200, JSON.stringify(window.body));
    await outage(yesterday, '12:40', '13:25');
    clock.set(Date.now());
    await beat();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.close();
    await node?.shutdown('test done');
    await env?.cleanup();
    await http?.close();
    await smtp?.close();
  });

  async function openConsole(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'id-ID',
      timezoneId: ZONE,
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${node.url}/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Kata sandi').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('live-indicator').filter({ hasText: 'Live • Terhubung' }).waitFor();
    return { page, errors, close: () => context.close() };
  }
  const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name });
  const formTitled = (page: Page, title: string): Locator =>
    page.locator('form', { has: page.getByRole('heading', { name: title, exact: true }) });
  const channelRow = (page: Page, name: string) =>
    page.locator(`[data-testid="channels-table"] tr[data-channel="${name}"]`);
  const deliveryRows = (page: Page) => page.getByTestId('deliveries-table').locator('tbody tr');

  it('an admin adds webhooks in Peringatan, a test reads Terkirim or Gagal and shows in Riwayat pengiriman, and a bad URL is said beside its field', async () => {
    const { page, errors, close } = await openConsole();
    try {
      await tab(page, 'Peringatan').click();
      await channelRow(page, 'Grup HR').waitFor();
      // The two outages, told to both channels: down and recovered each.
      await deliveryRows(page).nth(7).waitFor();
      assert.equal(await deliveryRows(page).count(), 8);
      const first = await deliveryRows(page).first().locator('td').allTextContents();
      assert.deepEqual(first.slice(2, 6), ['Terhubung lagi', KIOSK.name, '1', 'Terkirim']);
      assert.match(first[7]!, /terhubung lagi setelah 45 menit/);

      const form = formTitled(page, 'Tambah saluran');
      const add = async (name: string, url: string, secret = '') => {
        await form.getByLabel('Jenis').selectOption({ label: 'Webhook' });
        await form.getByLabel('Nama').fill(name);
        await form.getByLabel('URL').fill(url);
        await form.getByLabel('Rahasia penandatangan (opsional)').fill(secret);
        await form.getByRole('button', { name: 'Tambah' }).click();
      };
      await add('Webhook FTP', 'ftp://files.kantor.test/hook');
      await form.getByText('Alamat tidak valid; gunakan http:// atau https://.').waitFor();
      await form.getByText('Periksa kembali isian yang ditandai.').waitFor();
      assert.equal(await channelRow(page, 'Webhook FTP').count(), 0);

      // No secret typed: the server makes one, shown once.
      await add('Webhook TI', `${http.url}/hook/ti`);
      const notice = page.getByTestId('webhook-secret');
      await notice.filter({ hasText: 'hanya ditampilkan sekali' }).waitFor();
      const secret = await notice.getByLabel('Rahasia penandatangan').inputValue();
      assert.ok(secret.length >= 16, secret);
      const hook = channelRow(page, 'Webhook TI');
      await hook.getByRole('button', { name: 'Kirim uji ke Webhook TI' }).click();
      await hook
        .getByTestId('test-result')
        .filter({ hasText: /^Terkirim$/ })
        .waitFor();
      const [received] = http.at('/hook/ti');
      assert.equal(received!.body.kind, 'test');
      assert.ok(http.signedWith(received!, secret), 'signed with the secret the page showed');
      await deliveryRows(page).filter({ hasText: 'Webhook TI' }).filter({ hasText: 'Uji' }).waitFor();
      await notice.getByRole('button', { name: 'Sudah disalin' }).click();
      await notice.waitFor({ state: 'hidden' });

      // A receiver that answers 500; its own secret, so nothing is shown.
      await add('Webhook Gudang', `${http.url}/hook/gudang`, 'rahasia-gudang-yang-panjang');
      const failing = channelRow(page, 'Webhook Gudang');
      await failing.waitFor();
      assert.equal(await notice.isVisible(), false);
      await failing.getByRole('button', { name: 'Kirim uji ke Webhook Gudang' }).click();
      await failing.getByTestId('test-result').filter({ hasText: 'Gagal: HTTP 500' }).waitFor();

      // Only the failures: the one just tried.
      const filters = page.getByRole('form', { name: 'Saring riwayat pengiriman' });
      await filters.getByLabel('Hasil').selectOption({ label: 'Gagal' });
      await filters.getByRole('button', { name: 'Terapkan' }).click();
      await until(async () => (await deliveryRows(page).count()) === 1, { what: 'one failure', timeoutMs: 5000 });
      assert.deepEqual((await deliveryRows(page).first().locator('td').allTextContents()).slice(5, 7), [
        'Gagal',
        'HTTP 500',
      ]);
      await filters.getByRole('button', { name: 'Reset' }).click();
      await deliveryRows(page).nth(9).waitFor();

      await failing.getByRole('button', { name: 'Nonaktifkan' }).click();
      await failing.getByText('Nonaktif', { exact: true }).waitFor();
      await failing.getByRole('button', { name: 'Aktifkan' }).waitFor();
      await saveScreenshot(page, 'admin-peringatan');
      await page.setViewportSize(PHONE);
      await saveScreenshot(page, 'admin-peringatan-ponsel');
      await page.setViewportSize(DESKTOP);

      page.once('dialog', (dialog) => void dialog.accept());
      await failing.getByRole('button', { name: 'Hapus Webhook Gudang' }).click();
      await failing.waitFor({ state: 'detached' });
      await deliveryRows(page).filter({ hasText: 'Webhook Gudang' }).first().waitFor({ state: 'detached' });
      const left = (await admin.get('/api/admin/alert-channels')).body.data.map((c: { name: string }) => c.name);
      assert.deepEqual(left.sort(), ['Email TI', 'Grup HR', 'Webhook TI']);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it("in a device's detail the admin reads seven days of Ketersediaan with each outage, and sets and ends a maintenance window", async () => {
    const { page, errors, close } = await openConsole();
    try {
      await tab(page, 'Perangkat').click();
      await page.getByRole('button', { name: `Detail ${KIOSK.name}` }).click();
      const dialog = page.getByRole('dialog');
      const days = dialog.getByTestId('availability-table').locator('tbody tr');
      await days.nth(6).waitFor();
      // Newest first: today, yesterday, the day before, …, six days ago.
      const table = await Promise.all((await days.all()).map((row) => row.locator('td').allInnerTexts()));
      assert.equal(table.length, 7);
      const [, yesterdayRow, twoDaysAgoRow] = table as [string[], string[], string[]];
      assert.deepEqual(twoDaysAgoRow.slice(1, 5), ['98,4%', '1.440', '—', '07:12–07:35 (23 menit)']);
      assert.deepEqual(
        yesterdayRow.slice(1, 5),
        ['96,7%', '1.380', '60', '12:40–13:25 (45 menit)'],
        'the maintenance hour is neither watched nor an outage',
      );
      assert.deepEqual(table[3]!.slice(1, 5), ['100%', '1.440', '—', '—']);
      assert.deepEqual(table[4]!.slice(1, 3), ['100%', '1.050'], 'watched from its creation at 06:30');
      // Before the kiosk existed nothing was watched: no share.
      assert.deepEqual(table[6]!.slice(1, 3), ['—', '0']);

      const form = dialog.locator('form', { has: page.getByRole('heading', { name: 'Pemeliharaan', exact: true }) });
      const field = form.getByLabel('Pemeliharaan sampai');
      await field.fill(officeTime(Date.now() - 3_600_000));
      await form.getByRole('button', { name: 'Simpan' }).click();
      await form.getByText('Harus di masa depan.').waitFor();

      const end = Date.now() + 2 * 3_600_000;
      await field.fill(officeTime(end));
      await form.getByRole('button', { name: 'Simpan' }).click();
      const state = dialog.getByTestId('maintenance-state');
      await state.filter({ hasText: 'Dalam pemeliharaan sampai' }).waitFor();
      // Typed on the office's clock, to the minute.
      const [endDay, endTime] = officeTime(end).split('T') as [string, string];
      const device = (await admin.get(`/api/admin/devices/${kioskId}`)).body.data;
      assert.equal(device.maintenance_until, new Date(at(endDay, endTime)).toISOString());
      assert.match((await state.textContent())!, new RegExp(`${endTime}$`));
      // Tall enough for the whole dialog, history and availability together.
      await page.setViewportSize({ width: 1280, height: 1650 });
      await dialog.getByRole('heading', { name: KIOSK.name }).scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'admin-perangkat-ketersediaan', { fullPage: false });
      await page.setViewportSize(DESKTOP);

      await dialog.getByRole('button', { name: 'Tutup' }).click();
      const listed = page.locator(`[data-testid="devices-table"] tr[data-device="${KIOSK.name}"]`);
      await listed.getByText('Pemeliharaan', { exact: true }).waitFor();
      await page.getByRole('button', { name: `Detail ${KIOSK.name}` }).click();
      await form.getByRole('button', { name: 'Akhiri pemeliharaan' }).click();
      await form.getByText('Pemeliharaan diakhiri.').waitFor();
      await state.waitFor({ state: 'hidden' });
      assert.equal((await admin.get(`/api/admin/devices/${kioskId}`)).body.data.maintenance_until, null);
      await dialog.getByRole('button', { name: 'Tutup' }).click();
      await listed.getByText('Pemeliharaan', { exact: true }).waitFor({ state: 'hidden' });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
