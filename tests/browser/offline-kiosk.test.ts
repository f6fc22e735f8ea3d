import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openPerson, saveScreenshot } from '../support/browser';
import { type ConsoleWorld, logIn, pairKiosk, pressKeys, startConsoleWorld } from '../support/console-page';
import { ADMIN, createDevice } from '../support/fixtures';
import { employeeCode, PEOPLE } from '../support/people';

const KIOSK = 'Kiosk Lobi Utama';
const API = '**/api/**';
// In the page (the tests type-check without DOM types): how many entries the kiosk's IndexedDB queue holds.
const QUEUED_IN_INDEXEDDB = `new Promise((resolve, reject) => {
  const open = indexedDB.open('absensi-kiosk');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction('punches').objectStore('punches').count();
    count.onsuccess = () => resolve(count.result);
    count.onerror = () => reject(count.error);
  };
})`;

/**
 * A kiosk whose API cannot be reached (Playwright aborts every /api/ request
 * of its page), through nginx on the real cluster, with an admin watching
 * Hari Ini in another browser.
 */
describe('a kiosk that keeps working offline, in a real browser', () => {
  let world: ConsoleWorld | undefined;
  let token: string;

  before(async () => {
    world = await startConsoleWorld(async (env) => {
      ({ token } = await createDevice(env.db, KIOSK));
    });
  });

  after(() => world?.close());

  /** Types an employee's digits and PIN on the keypad, presses Absen Masuk, and answers the time the kiosk stored. */
  async function punchOffline(page: Page, index: number, pin: string): Promise<string> {
    await pressKeys(page, [...employeeCode(index).slice(3), 'Lanjut ke PIN', ...pin]);
    await page.getByRole('button', { name: 'Absen Masuk' }).click();
    const confirmation = page.getByTestId('kiosk-confirmation');
    await confirmation.filter({ hasText: 'Tersimpan, akan dikirim saat terhubung' }).waitFor();
    const detail = (await confirmation.locator('.kiosk-confirm-detail').textContent()) ?? '';
    const typed = new RegExp(`^Absen masuk ${employeeCode(index)} pukul (\\d\\d:\\d\\d)$`).exec(detail);
    assert.ok(typed, detail);
    return typed[1]!;
  }

  it('with the API blocked, entries typed at the kiosk survive a reload; once it is back each appears once in Hari Ini at its typed time, a wrong PIN is listed on the kiosk and in the device detail, and the queue is empty', async () => {
    const { browser, cluster } = world!;
    const admin = await openPerson(browser);
    const kiosk = await openPerson(browser);
    try {
      await logIn(admin.page, cluster.nginxUrl, ADMIN.email, ADMIN.password);
      await admin.page.getByTestId('live-indicator').filter({ hasText: 'Live • Terhubung' }).waitFor();

      const { page } = kiosk;
      await pairKiosk(page, cluster.nginxUrl, token);
      await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();

      await page.route(API, (route) => route.abort('internetdisconnected'));
      const typed: string[] = [];
      for (const index of [0, 1, 2]) {
        typed.push(await punchOffline(page, index, '1234'));
        if (index === 0) await saveScreenshot(page, 'kiosk-offline-tersimpan');
        await page.getByTestId('kiosk-confirmation').click();
      }
      const wrongPinAt = await punchOffline(page, 3, '9999');
      await page.getByTestId('kiosk-confirmation').click();
      const queue = page.getByTestId('kiosk-queue');
      await queue.filter({ hasText: '4 absen menunggu dikirim' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Offline — periksa jaringan' }).waitFor();
      await saveScreenshot(page, 'kiosk-offline');

      await page.reload();
      await queue.filter({ hasText: '4 absen menunggu dikirim' }).waitFor();
      assert.equal(await page.evaluate(QUEUED_IN_INDEXEDDB), 4, 'the reload lost nothing');

      await page.unroute(API);
      await queue.waitFor({ state: 'hidden' });
      assert.equal(await page.evaluate(QUEUED_IN_INDEXEDDB), 0, 'the queue is empty');
      await page
        .getByTestId('kiosk-refused')
        .getByText(`PIN salah untuk ${employeeCode(3)} pukul ${wrongPinAt} (absen masuk)`)
        .waitFor();
      await saveScreenshot(page, 'kiosk-ditolak');

      const rows = admin.page.getByTestId('today-table').locator('tbody tr');
      for (const [index, time] of typed.entries()) {
        const row = rows.filter({ hasText: PEOPLE[index] });
        await row.first().waitFor();
        assert.equal(await row.count(), 1, `${PEOPLE[index]} appears once`);
        assert.equal(await row.locator('td[data-label="Jam Masuk"]').textContent(), time);
        assert.equal(await row.locator('td[data-label="Sumber"]').textContent(), KIOSK);
      }
      assert.equal(await rows.filter({ hasText: PEOPLE[3] }).count(), 0, 'the wrong PIN checked nobody in');

      await admin.page.getByRole('link', { name: 'Perangkat' }).click();
      await admin.page.getByRole('button', { name: `Detail ${KIOSK}` }).click();
      const refused = admin.page.getByTestId('device-punches').locator('tbody tr');
      await refused.first().waitFor();
      assert.equal(await refused.count(), 1);
      assert.equal(
        await refused.locator('td[data-label="Pegawai"]').textContent(),
        `${employeeCode(3)} · ${PEOPLE[3]}`,
      );
      assert.equal(await refused.locator('td[data-label="Alasan"]').textContent(), 'PIN salah');
      await admin.page.getByTestId('device-punches').scrollIntoViewIfNeeded();
      await saveScreenshot(admin.page, 'admin-perangkat-absen-ditolak', { fullPage: false });

      assert.deepEqual(admin.errors, []);
      assert.deepEqual(kiosk.errors, []);
    } finally {
      await admin.context.close();
      await kiosk.context.close();
    }
  });
});
