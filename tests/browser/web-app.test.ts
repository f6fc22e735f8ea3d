import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { openPerson, saveScreenshot } from '../support/browser';
import {
  type ConsoleWorld,
  counterValue,
  logIn,
  pairKiosk,
  pressKeys,
  startConsoleWorld,
  waitForCounter,
} from '../support/console-page';
import { ADMIN, createDevice } from '../support/fixtures';
import { EMPLOYEE_PASSWORD, employeeCode, PEOPLE } from '../support/people';
import type { TestCluster } from '../support/test-cluster';

const KIOSKS = [
  ['Kiosk Gudang', 'Gudang belakang'],
  ['Kiosk Lantai 3', 'Lantai 3, pantry'],
  ['Kiosk Lobi Utama', 'Lantai 1, lobi'],
] as const;
const code = employeeCode;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// In the page (the tests type-check without DOM types): every state the live
// indicator shows, however briefly, into window.indicatorStates.
const RECORD_INDICATOR_STATES = `{
  const indicator = document.querySelector('[data-testid="live-indicator"]');
  window.indicatorStates = [];
  new MutationObserver(() => window.indicatorStates.push(indicator.textContent.trim())).observe(indicator, { subtree: true, characterData: true, childList: true });
}`;

/**
 * The pages as people use them: Chromium on the real cluster (four nodes,
 * workers, nginx), with the API driven from outside to play the other people.
 */
describe('the web app in a real browser', () => {
  let world: ConsoleWorld | undefined;
  let cluster: TestCluster;
  let browser: Browser;
  const devices: Record<string, { id: number; token: string }> = {};

  before(async () => {
    world = await startConsoleWorld(async (environment) => {
      for (const [name, location] of KIOSKS) {
        devices[name] = await createDevice(environment.db, name);
        await environment.db('devices').where({ id: devices[name].id }).update({ location });
      }
    });
    ({ cluster, browser } = world);
  });

  after(() => world?.close());

  const kiosk = (baseUrl: string, device = 'Kiosk Lobi Utama') =>
    new ApiClient(baseUrl).withBearer(devices[device].token);
  const checkIn = async (baseUrl: string, index: number) => {
    const res = await kiosk(baseUrl).post('/api/kiosk/check-in', { employee_code: code(index), pin: '1234' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data as { id: number };
  };
  const checkOut = async (baseUrl: string, index: number) => {
    const res = await kiosk(baseUrl).post('/api/kiosk/check-out', { employee_code: code(index), pin: '1234' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  const openBrowser = (viewport = DESKTOP) => openPerson(browser, viewport);

  async function openAdminConsole(baseUrl: string) {
    const browserSession = await openBrowser();
    await logIn(browserSession.page, baseUrl, ADMIN.email, ADMIN.password);
    await liveIndicator(browserSession.page, 'Terhubung').waitFor();
    return browserSession;
  }

  const liveIndicator = (page: Page, text: string) =>
    page.getByTestId('live-indicator').filter({ hasText: `Live • ${text}` });
  const todayRow = (page: Page, name: string) => page.getByTestId('today-table').locator('tbody tr', { hasText: name });
  const count = counterValue;
  const waitForCount = waitForCounter;

  it('an admin watching Hari Ini through one node sees a check-in made on another node appear at the top, then its check-out in place, with the counters and the Riwayat badge', async () => {
    await checkIn(cluster.nodes[1].url, 1);
    const { context, page, errors } = await openBrowser();
    try {
      await page.goto(`${cluster.nodes[0].url}/`);
      await page.getByLabel('Email').waitFor();
      await saveScreenshot(page, 'masuk');
      await logIn(page, cluster.nodes[0].url, ADMIN.email, ADMIN.password);
      await liveIndicator(page, 'Terhubung').waitFor();
      await todayRow(page, PEOPLE[1]).waitFor();
      const notYet = await count(page, 'count-absent');
      const arrived = (await count(page, 'count-present')) + (await count(page, 'count-late'));
      const left = await count(page, 'count-left');
      assert.equal(await page.getByTestId('history-badge').isVisible(), false);

      await checkIn(cluster.nodes[2].url, 0);
      await page.getByTestId('today-table').locator('tbody tr:first-of-type', { hasText: PEOPLE[0] }).waitFor();
      await waitForCount(page, 'count-absent', notYet - 1);
      assert.equal((await count(page, 'count-present')) + (await count(page, 'count-late')), arrived + 1);
      await page.getByTestId('history-badge').waitFor();

      await checkOut(cluster.nodes[3].url, 0);
      await waitForCount(page, 'count-left', left + 1);
      const jamPulang = await todayRow(page, PEOPLE[0]).locator('td[data-label="Jam Pulang"]').textContent();
      assert.match(jamPulang ?? '', /^\d\d:\d\d$/);
      assert.equal(await todayRow(page, PEOPLE[0]).count(), 1, 'the check-out updated the row in place');
      await saveScreenshot(page, 'admin-hari-ini');
      await page.setViewportSize(PHONE);
      await saveScreenshot(page, 'admin-hari-ini-ponsel');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('Riwayat shows a new check-in only when the admin asks, filters on the server and exports the filter as CSV', async () => {
    await checkIn(cluster.nodes[1].url, 2);
    const { context, page, errors } = await openAdminConsole(cluster.nodes[0].url);
    try {
      await page.getByRole('link', { name: /Riwayat/ }).click();
      const historyRows = page.getByTestId('history-table').locator('tbody tr');
      await historyRows.first().waitFor();
      const before = await historyRows.count();
      await checkIn(cluster.nodes[2].url, 8);
      await page.getByTestId('history-changes').waitFor();
      assert.equal(await historyRows.count(), before, 'the open page is not refreshed under the reader');
      await page.getByRole('button', { name: 'Muat ulang' }).click();
      await historyRows.nth(before).waitFor();
      await page.getByTestId('history-changes').waitFor({ state: 'hidden' });
      await saveScreenshot(page, 'admin-riwayat');

      await page.getByRole('searchbox', { name: 'Pegawai' }).fill(PEOPLE[8].split(' ')[0].toLowerCase());
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await historyRows.nth(1).waitFor({ state: 'detached' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ekspor CSV' }).click(),
      ]);
      const csv = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
      assert.equal(csv.length, 2, 'the export has the header and the one filtered row');
      assert.match(csv[1], new RegExp(`^\\d{4}-\\d\\d-\\d\\d,${code(8)},${PEOPLE[8]},`));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a heartbeat from a silent kiosk turns its Perangkat row to Terhubung without a reload, and its history shows the change', async () => {
    const { context, page, errors } = await openAdminConsole(cluster.nodes[1].url);
    try {
      await page.getByRole('link', { name: 'Perangkat' }).click();
      const row = page.getByTestId('devices-table').locator('tbody tr', { hasText: 'Kiosk Gudang' });
      await row.getByTestId('device-status').filter({ hasText: 'Terputus' }).waitFor();

      const res = await kiosk(cluster.nodes[3].url, 'Kiosk Gudang').post('/api/devices/heartbeat', {
        battery_level: 76,
        wifi_strength: -58,
        app_version: 'android-kiosk/2.4.1',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await row.getByTestId('device-status').filter({ hasText: 'Terhubung' }).waitFor();
      await row.filter({ hasText: '76%' }).waitFor();
      await saveScreenshot(page, 'admin-perangkat');

      await row.getByRole('button', { name: 'Detail Kiosk Gudang' }).click();
      await page.getByRole('dialog').getByRole('cell', { name: 'Terputus → Terhubung' }).waitFor();
      await saveScreenshot(page, 'admin-perangkat-detail', { fullPage: false });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an admin adds an employee in Pegawai, is told when the code is taken, and the new employee can sign in', async () => {
    const { context, page, errors } = await openAdminConsole(cluster.nginxUrl);
    try {
      await page.getByRole('link', { name: 'Pegawai' }).click();
      await page.getByTestId('employees-table').locator('tbody tr', { hasText: PEOPLE[0] }).waitFor();
      await saveScreenshot(page, 'admin-pegawai');

      const dialog = page.getByRole('dialog');
      const fillForm = async (employeeCode: string) => {
        await page.getByRole('button', { name: '+ Tambah pegawai' }).click();
        await dialog.getByLabel('Kode pegawai').fill(employeeCode);
        await dialog.getByLabel('Nama lengkap').fill('Wayan Sudarma');
        await dialog.getByLabel('Email (untuk masuk web)').fill('wayan@test.local');
        await dialog.getByLabel('Kata sandi web').fill('wayan-pass-1');
        await dialog.getByLabel('PIN kiosk').fill('5678');
        await dialog.getByRole('button', { name: 'Simpan' }).click();
      };
      await fillForm(code(0));
      await dialog.getByText('Kode pegawai ini sudah dipakai.').first().waitFor();
      await saveScreenshot(page, 'admin-pegawai-form', { fullPage: false });
      await dialog.getByRole('button', { name: 'Batal' }).click();

      await fillForm('EMP099');
      await page.getByTestId('employees-table').locator('tbody tr', { hasText: 'Wayan Sudarma' }).waitFor();
      await new ApiClient(cluster.nginxUrl).login('wayan@test.local', 'wayan-pass-1');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('when the node serving the admin socket stops, the indicator says Terputus, the page reconnects through nginx and shows the check-ins made meanwhile', async () => {
    const { context, page, errors } = await openAdminConsole(cluster.nginxUrl);
    const socketNode = await nodeServingTheOnlyAdmin();
    try {
      await page.evaluate(RECORD_INDICATOR_STATES);
      const stopped = cluster.kill(socketNode.id, 'SIGTERM');
      await page.waitForFunction(`window.indicatorStates.some((state) => state.includes('Terputus'))`);
      const catchUp = page.waitForRequest((request) => request.url().includes('/api/admin/events?after='));
      await checkIn(cluster.nginxUrl, 3);
      await stopped;
      await checkIn(cluster.nginxUrl, 4);

      await liveIndicator(page, 'Terhubung').waitFor();
      await catchUp;
      await todayRow(page, PEOPLE[3]).waitFor();
      await todayRow(page, PEOPLE[4]).waitFor();
      assert.notEqual((await nodeServingTheOnlyAdmin()).id, socketNode.id);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await cluster.start(socketNode.id);
    }
  });

  it('an employee checks in and out with the big button and sees it in their history', async () => {
    const { context, page, errors } = await openBrowser(PHONE);
    try {
      await logIn(page, cluster.nginxUrl, `${code(5).toLowerCase()}@test.local`, EMPLOYEE_PASSWORD);
      const punch = page.getByTestId('punch');
      await punch.filter({ hasText: 'Absen Masuk' }).waitFor();
      await punch.click();
      await page
        .getByTestId('punch-state')
        .filter({ hasText: /^Masuk pukul \d\d:\d\d/ })
        .waitFor();
      await punch.filter({ hasText: 'Absen Pulang' }).waitFor();
      await page.getByTestId('mine-table').locator('tbody tr').first().waitFor();
      await saveScreenshot(page, 'pegawai-ponsel');

      await punch.click();
      await punch.filter({ hasText: 'Sudah Pulang' }).waitFor();
      assert.equal(await punch.isDisabled(), true);
      await page
        .getByTestId('mine-table')
        .locator('tbody tr')
        .first()
        .locator('td[data-label="Pulang"]')
        .filter({ hasText: /^\d\d:\d\d$/ })
        .waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an employee whose page is behind (a kiosk checked them in meanwhile) is told they already checked in, and the page catches up', async () => {
    const { context, page, errors } = await openBrowser();
    try {
      await logIn(page, cluster.nginxUrl, `${code(6).toLowerCase()}@test.local`, EMPLOYEE_PASSWORD);
      const punch = page.getByTestId('punch');
      await punch.filter({ hasText: 'Absen Masuk' }).waitFor();
      await checkIn(cluster.nginxUrl, 6);
      await punch.click();
      await page.getByRole('alert').filter({ hasText: 'Anda sudah absen masuk hari ini.' }).waitFor();
      await punch.filter({ hasText: 'Absen Pulang' }).waitFor();
      await saveScreenshot(page, 'pegawai');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('a kiosk pairs with its device token, shows up as connected, and checks an employee in by keypad with a greeting', async () => {
    const admin = await new ApiClient(cluster.nginxUrl).login(ADMIN.email, ADMIN.password);
    const { context, page, errors } = await openBrowser();
    try {
      await pairKiosk(page, cluster.nodes[2].url, devices['Kiosk Lantai 3'].token);
      await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
      const listed = await admin.get('/api/admin/devices');
      assert.equal(
        listed.body.data.find((d: { name: string }) => d.name === 'Kiosk Lantai 3').status,
        'connected',
        'the page sent a heartbeat',
      );

      const press = (keys: string[]) => pressKeys(page, keys);
      await press(['0', '0', '8', 'Lanjut ke PIN', '9', '9', '9', '9']);
      await page.getByRole('button', { name: 'Absen Masuk' }).click();
      await page.getByRole('alert').filter({ hasText: 'Kode pegawai atau PIN salah.' }).waitFor();

      await press(['1', '2', '3', '4']);
      await saveScreenshot(page, 'kiosk');
      await page.getByRole('button', { name: 'Absen Masuk' }).click();
      const confirmation = page.getByTestId('kiosk-confirmation');
      await confirmation.waitFor();
      assert.match(
        (await confirmation.locator('.kiosk-confirm-title').textContent()) ?? '',
        /^Selamat (pagi|siang|sore|malam), Maya — masuk \d\d:\d\d$/,
      );
      await saveScreenshot(page, 'kiosk-konfirmasi');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  /** The app node whose /metrics counts the one admin socket open now (closed pages may take a moment to count off). */
  async function nodeServingTheOnlyAdmin() {
    const adminsPerNode = () =>
      Promise.all(
        cluster.nodes.map(async (node) => {
          const metrics = await new ApiClient(node.url).get('/metrics').catch(() => null);
          return Number(
            String(metrics?.body ?? '').match(/^absensi_socketio_connected_admins\{[^}]*\} (\d+)/m)?.[1] ?? 0,
          );
        }),
      );
    const deadline = Date.now() + 10_000;
    let counts = await adminsPerNode();
    while (counts.reduce((a, b) => a + b) !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counts = await adminsPerNode();
    }
    const serving = cluster.nodes.filter((_, i) => counts[i] > 0);
    assert.equal(serving.length, 1, `one node holds the admin socket (admins per node: ${counts.join(', ')})`);
    return serving[0];
  }
});
