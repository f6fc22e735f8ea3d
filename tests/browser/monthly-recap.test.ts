import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import type { RunningNode } from '../../server/node';
import { DEMO_EMPLOYEE_NAMES } from '../../workers/cli/demo-data';
import { ApiClient } from '../support/api-client';
import { startTestNode } from '../support/app-node';
import { buildWebApp, collectPageErrors, launchBrowser, saveScreenshot } from '../support/browser';
import { createTestClock } from '../support/clock';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { ADMIN, createAdmin, createEmployee } from '../support/fixtures';

/** The Rekap page as an HR admin uses it at the start of December: last month's table, then the Excel file for payroll. */
describe('the Rekap page in a real browser', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let browser: Browser;
  const clock = createTestClock('2026-12-02T03:00:00.000Z');

  before(async () => {
    const [, environment] = await Promise.all([buildWebApp(), createTestEnvironment()]);
    env = environment;
    node = await startTestNode(env, clock);
    await createAdmin(env.db, env.config);
    const admin = await new ApiClient(node.url).login(ADMIN.email, ADMIN.password);
    for (const [index, name] of DEMO_EMPLOYEE_NAMES.slice(0, 6).entries()) {
      const employee = await createEmployee(env.db, env.config, `EMP${String(index + 1).padStart(3, '0')}`, { name });
      for (const day of ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'].slice(0, 10 - index))
        await admin.post('/api/admin/attendances', {
          user_id: employee.id,
          date: `2026-11-${day}`,
          jam_masuk: index % 3 === 1 ? '08:25' : '07:55',
          jam_pulang: '17:05',
          reason: 'data contoh',
        });
      if (index === 2)
        await admin.post('/api/admin/absences', {
          user_id: employee.id,
          date_from: '2026-11-16',
          date_to: '2026-11-18',
          kind: 'sakit',
        });
    }
    await env.db('users').update({ created_at: new Date('2026-10-01T00:00:00Z') });
    await admin.post('/api/admin/holidays', { date: '2026-11-20', name: 'Libur Kantor', kind: 'company' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await node?.shutdown('test done');
    await env?.cleanup();
  });

  it("an admin opens last month, reads each employee's codes and totals, and downloads the Excel file for payroll", async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await page.goto(`${node.url}/`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Kata sandi').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByRole('link', { name: 'Rekap' }).click();
      await page.getByLabel('Bulan', { exact: true }).fill('2026-11');
      await page.getByRole('button', { name: 'Tampilkan' }).click();
      const budi = page.getByTestId('recap-table').locator('tbody tr', { hasText: DEMO_EMPLOYEE_NAMES[0] });
      await budi.waitFor();
      const cells = await budi.locator('td').allTextContents();
      assert.deepEqual(cells.slice(0, 6), ['L', 'H', 'H', 'H', 'H', 'H'], '1 November is a Sunday');
      assert.equal(cells[19], 'L', 'the company holiday on the 20th');
      const siti = page.getByTestId('recap-table').locator('tbody tr', { hasText: DEMO_EMPLOYEE_NAMES[1] });
      assert.equal((await siti.locator('td').allTextContents())[2], 'T', 'checked in at 08:25: late');
      await saveScreenshot(page, 'admin-rekap');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recap-xlsx').click()]);
      assert.equal(download.suggestedFilename(), 'rekap-absensi-2026-11.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await download.path())!);
      const sheet = workbook.getWorksheet('Rekap 2026-11')!;
      assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1, 3), ['EMP001', DEMO_EMPLOYEE_NAMES[0]]);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
