import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { openPerson, saveScreenshot } from '../support/browser';
import {
  type ConsoleWorld,
  counterValue,
  logIn as logInAt,
  startConsoleWorld,
  waitForCounter,
} from '../support/console-page';
import { ADMIN, createAdmin, createDevice } from '../support/fixtures';
import { EMPLOYEE_PASSWORD, employeeCode, PEOPLE } from '../support/people';
import type { TestCluster } from '../support/test-cluster';

const SECOND_ADMIN = { email: 'admin2@test.local', password: 'admin-password-2' };
const code = employeeCode;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const HOLIDAY = 'Libur Uji Coba Kantor';

/** The day before an ISO calendar day. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Attendance operations as admins and employees use them: holidays and
 * absences on Kalender changing Hari Ini, correction requests decided in
 * Koreksi while a second admin watches, and the audit in Riwayat. Chromium on
 * the real cluster, like web-app.test.ts.
 */
describe('attendance operations in a real browser', () => {
  let world: ConsoleWorld | undefined;
  let cluster: TestCluster;
  let browser: Browser;
  let admin: ApiClient;
  /** The org-local today, as the server computes it. */
  let today: string;
  let kioskToken: string;

  before(async () => {
    world = await startConsoleWorld(async (env) => {
      await createAdmin(env.db, env.config, { ...SECOND_ADMIN, employee_code: 'ADM002' });
      kioskToken = (await createDevice(env.db, 'Kiosk Lobi Utama')).token;
    });
    ({ cluster, browser } = world);
    admin = await new ApiClient(cluster.nginxUrl).login(ADMIN.email, ADMIN.password);
    today = (await admin.get('/api/attendances/today')).body.meta.date;
  });

  after(() => world?.close());

  const checkIn = async (index: number) => {
    const res = await new ApiClient(cluster.nginxUrl)
      .withBearer(kioskToken)
      .post('/api/kiosk/check-in', { employee_code: code(index), pin: '1234' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const checkOut = async (index: number) => {
    const res = await new ApiClient(cluster.nginxUrl)
      .withBearer(kioskToken)
      .post('/api/kiosk/check-out', { employee_code: code(index), pin: '1234' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  const openBrowser = (viewport = DESKTOP) => openPerson(browser, viewport);

  const logIn = (page: Page, email: string, password: string) => logInAt(page, cluster.nginxUrl, email, password);

  async function openAdminConsole(account = ADMIN) {
    const session = await openBrowser();
    await logIn(session.page, account.email, account.password);
    await session.page.getByTestId('live-indicator').filter({ hasText: 'Live • Terhubung' }).waitFor();
    return session;
  }

  const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name });
  const count = counterValue;
  const waitForCount = waitForCounter;
  const notCheckedIn = (page: Page, name: string) =>
    page.getByTestId('not-checked-in').locator('li', { hasText: name });
  /** A form on the page by its heading. */
  const formTitled = (page: Page, title: string): Locator =>
    page.locator('form', { has: page.getByRole('heading', { name: title, exact: true }) });
  const acceptNextConfirm = (page: Page) => page.once('dialog', (dialog) => void dialog.accept());

  it('a holiday added for today in Kalender turns Hari Ini into "Hari libur: …" with nobody Belum Absen, and deleting it brings them back', async () => {
    const { context, page, errors } = await openAdminConsole();
    const year = today.slice(0, 4);
    try {
      await waitForCount(page, 'count-absent', PEOPLE.length);
      await notCheckedIn(page, PEOPLE[0]).waitFor();
      assert.equal(await page.getByTestId('today-day-off').isVisible(), false);

      await tab(page, 'Kalender').click();
      // An import with a bad line imports nothing and says which line.
      const importForm = formTitled(page, 'Impor daftar');
      await importForm
        .getByRole('textbox')
        .fill(`${year}-01-01,Tahun Baru Masehi,national\n${year}-13-01,Salah,national`);
      await importForm.getByRole('button', { name: 'Impor' }).click();
      await page
        .getByTestId('import-errors')
        .locator('li', { hasText: 'Baris 2 (tanggal): Tanggal ini tidak ada di kalender.' })
        .waitFor();
      const fixed = [
        `${year}-01-01,Tahun Baru Masehi,national`,
        `${year}-05-01,Hari Buruh Internasional,national`,
        `${year}-06-01,Hari Lahir Pancasila,national`,
        `${year}-08-17,Hari Kemerdekaan Republik Indonesia,national`,
        `${year}-12-24,Cuti Bersama Hari Raya Natal,cuti_bersama`,
        `${year}-12-25,Hari Raya Natal,national`,
      ].filter((line) => !line.startsWith(today));
      await importForm.getByRole('textbox').fill(fixed.join('\n'));
      await importForm.getByRole('button', { name: 'Impor' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Impor selesai: ${fixed.length} ditambahkan` })
        .waitFor();

      const holidayForm = formTitled(page, 'Tambah hari libur');
      await holidayForm.getByLabel('Tanggal', { exact: true }).fill(today);
      await holidayForm.getByLabel('Nama', { exact: true }).fill(HOLIDAY);
      await holidayForm.getByLabel('Jenis').selectOption({ label: 'Perusahaan' });
      await holidayForm.getByRole('button', { name: 'Tambah' }).click();
      const holidayRow = page.getByTestId('holidays-table').locator('tbody tr', { hasText: HOLIDAY });
      await holidayRow.waitFor();
      // The same day again: told beside the date.
      await holidayForm.getByLabel('Tanggal', { exact: true }).fill(today);
      await holidayForm.getByLabel('Nama', { exact: true }).fill('Dobel');
      await holidayForm.getByRole('button', { name: 'Tambah' }).click();
      await holidayForm.getByText('Tanggal ini sudah tercatat sebagai hari libur.').waitFor();

      await tab(page, 'Hari Ini').click();
      await page
        .getByTestId('today-day-off')
        .filter({ hasText: `Hari libur: ${HOLIDAY}` })
        .waitFor();
      await waitForCount(page, 'count-absent', 0);
      assert.equal(await page.getByTestId('not-checked-in').locator('li').count(), 0);
      await saveScreenshot(page, 'admin-hari-ini-libur');

      await tab(page, 'Kalender').click();
      acceptNextConfirm(page);
      await holidayRow.getByRole('button', { name: `Hapus ${HOLIDAY}` }).click();
      await holidayRow.waitFor({ state: 'detached' });
      await tab(page, 'Hari Ini').click();
      await page.getByTestId('today-day-off').waitFor({ state: 'hidden' });
      await waitForCount(page, 'count-absent', PEOPLE.length);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      // Whatever happened above, the later tests need a working day.
      const left = (await admin.get(`/api/admin/holidays?year=${year}`)).body.data ?? [];
      for (const holiday of left.filter((h: { date: string }) => h.date === today))
        await admin.request('DELETE', `/api/admin/holidays/${holiday.id}`);
    }
  });

  it('a sakit absence moves an employee from Belum Absen to the Sakit counter, and a kiosk check-in takes another name off Belum Absen live', async () => {
    const { context, page, errors } = await openAdminConsole();
    try {
      await waitForCount(page, 'count-absent', PEOPLE.length);
      const waiting = await count(page, 'count-absent');
      assert.equal(await count(page, 'count-sakit'), 0);
      await notCheckedIn(page, PEOPLE[2]).waitFor();

      await tab(page, 'Kalender').click();
      const absenceForm = formTitled(page, 'Catat ketidakhadiran');
      const record = async (index: number, kind: string, note: string, until = today) => {
        await absenceForm.getByLabel('Pegawai (kode)').fill(code(index));
        await absenceForm.getByLabel('Tanggal mulai').fill(today);
        await absenceForm.getByLabel('Tanggal selesai').fill(until);
        await absenceForm.getByLabel('Jenis').selectOption({ label: kind });
        await absenceForm.getByLabel('Catatan (opsional)').fill(note);
        await absenceForm.getByRole('button', { name: 'Simpan' }).click();
      };
      await record(2, 'Sakit', 'Demam, surat dokter menyusul');
      const absences = page.getByTestId('absences-table');
      await absences.locator('tbody tr', { hasText: PEOPLE[2] }).waitFor();
      // The same person on an overlapping day: said plainly, nothing saved.
      await record(2, 'Izin', 'Dobel');
      await page
        .getByTestId('absence-form-error')
        .filter({ hasText: /sudah punya izin, sakit, cuti/ })
        .waitFor();
      // An unknown code is the code field's error.
      await record(99, 'Izin', 'Tidak ada');
      await absenceForm.getByText('Tidak ada pegawai aktif dengan kode ini.').waitFor();
      const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
      await record(4, 'Cuti', 'Cuti tahunan', lastDay);
      await absences.locator('tbody tr', { hasText: PEOPLE[4] }).waitFor();
      await record(9, 'WFH', 'Menunggu teknisi internet di rumah');
      await absences.locator('tbody tr', { hasText: PEOPLE[9] }).waitFor();
      await saveScreenshot(page, 'admin-kalender');

      await tab(page, 'Hari Ini').click();
      await waitForCount(page, 'count-sakit', 1);
      await waitForCount(page, 'count-cuti', 1);
      await waitForCount(page, 'count-wfh', 1);
      await waitForCount(page, 'count-absent', waiting - 3);
      await notCheckedIn(page, PEOPLE[2]).waitFor({ state: 'detached' });
      await page.getByTestId('away-today').locator('li', { hasText: PEOPLE[2] }).filter({ hasText: 'Sakit' }).waitFor();

      await notCheckedIn(page, PEOPLE[3]).waitFor();
      await checkIn(3);
      await notCheckedIn(page, PEOPLE[3]).waitFor({ state: 'detached' });
      await waitForCount(page, 'count-absent', waiting - 4);
      await page.getByTestId('today-table').locator('tbody tr', { hasText: PEOPLE[3] }).waitFor();

      // A few more for the picture: arrivals, one already gone home.
      for (const index of [0, 1, 5]) await checkIn(index);
      await checkOut(1);
      await waitForCount(page, 'count-absent', waiting - 7);
      await waitForCount(page, 'count-left', 1);
      await page.waitForTimeout(4500); // the live highlight fades
      await saveScreenshot(page, 'admin-hari-ini-operasi');
      await page.setViewportSize(PHONE);
      await saveScreenshot(page, 'admin-hari-ini-operasi-ponsel');
      await tab(page, 'Kalender').click();
      await saveScreenshot(page, 'admin-kalender-ponsel');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('an employee asks for a correction, an admin approves it in Koreksi while a second admin watches it come and go live, and Riwayat shows the audit', async () => {
    const yesterday = dayBefore(today);
    const first = await openAdminConsole();
    const second = await openAdminConsole(SECOND_ADMIN);
    const employee = await openBrowser();
    try {
      // Yesterday Joko came in but the kiosk was down: an admin adds the row.
      const { page } = first;
      await tab(page, 'Riwayat').click();
      await page.getByRole('button', { name: '+ Tambah absensi' }).click();
      const editor = page.getByRole('dialog');
      await editor.getByLabel('Pegawai (kode)').fill(code(6));
      await editor.getByLabel('Tanggal').fill(yesterday);
      await editor.getByLabel('Jam masuk').fill('07:55');
      await editor.getByRole('button', { name: 'Simpan' }).click();
      await editor.getByText('Alasan wajib diisi.').waitFor();
      await editor.getByLabel('Alasan').fill('Kiosk lobi mati pagi itu, dikonfirmasi satpam');
      await editor.getByRole('button', { name: 'Simpan' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Absensi ${PEOPLE[6]}` })
        .waitFor();
      const history = page.getByTestId('history-table');
      const row = history.locator('tbody tr', { hasText: PEOPLE[6] });
      await row.locator('td[data-label="Sumber"]', { hasText: 'Admin' }).waitFor();
      // A past day with no check-out is flagged at once, and the filter finds it.
      await row.getByTestId('missing-check-out').waitFor();
      await page.getByLabel('Lupa absen pulang').check();
      await history
        .locator('tbody tr')
        .filter({ hasNotText: 'Lupa absen pulang' })
        .first()
        .waitFor({ state: 'detached' });
      await row.waitFor();
      await saveScreenshot(page, 'admin-riwayat-lupa-pulang');
      await page.getByLabel('Lupa absen pulang').uncheck();

      // The second admin keeps Koreksi open.
      await tab(second.page, 'Koreksi').click();
      await second.page.getByText('Tidak ada pengajuan koreksi yang menunggu.').waitFor();
      const watched = second.page.getByTestId('corrections-table').locator('tbody tr', { hasText: PEOPLE[6] });

      // Joko asks on his page: he forgot to check out.
      await logIn(employee.page, `${code(6).toLowerCase()}@test.local`, EMPLOYEE_PASSWORD);
      const form = employee.page.getByTestId('correction-form');
      await form.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await form.getByText('Isi jam masuk, jam pulang, atau keduanya.').waitFor();
      await form.getByLabel('Tanggal').fill(yesterday);
      await form.getByLabel('Jam pulang (opsional)').fill('17:05');
      await form.getByLabel('Alasan').fill('lupa absen pulang kemarin 17:05');
      await form.getByRole('button', { name: 'Kirim pengajuan' }).click();
      const mine = employee.page.getByTestId('my-corrections-table').locator('tbody tr').first();
      await mine.filter({ hasText: 'Menunggu' }).waitFor();

      // Another request, by API, to be rejected.
      const maya = await new ApiClient(cluster.nginxUrl).login(
        `${code(7).toLowerCase()}@test.local`,
        EMPLOYEE_PASSWORD,
      );
      const asked = await maya.post('/api/attendances/corrections', {
        date: yesterday,
        jam_masuk: '08:10',
        reason: 'Kartu tidak terbaca di kiosk',
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));

      await watched.waitFor();
      await second.page.getByTestId('corrections-table').locator('tbody tr', { hasText: PEOPLE[7] }).waitFor();
      await second.page.getByTestId('corrections-badge').filter({ hasText: /^2$/ }).waitFor();

      await tab(page, 'Koreksi').click();
      const corrections = page.getByTestId('corrections-table');
      await corrections.locator('tbody tr', { hasText: PEOPLE[7] }).waitFor();
      await saveScreenshot(page, 'admin-koreksi');
      await page.setViewportSize(PHONE);
      await saveScreenshot(page, 'admin-koreksi-ponsel');
      await page.setViewportSize(DESKTOP);
      await corrections.getByRole('button', { name: `Setujui pengajuan ${PEOPLE[6]}` }).click();
      const decision = page.getByRole('dialog');
      await decision.getByText('lupa absen pulang kemarin 17:05').waitFor();
      await saveScreenshot(page, 'admin-koreksi-setujui', { fullPage: false });
      await decision.getByLabel('Catatan (opsional)').fill('Sesuai rekaman CCTV');
      await decision.getByRole('button', { name: 'Setujui', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Pengajuan ${PEOPLE[6]}` })
        .waitFor();

      // The second admin sees it go without touching the page.
      await watched.waitFor({ state: 'detached' });
      await second.page.getByTestId('corrections-badge').filter({ hasText: /^1$/ }).waitFor();

      await corrections.getByRole('button', { name: `Tolak pengajuan ${PEOPLE[7]}` }).click();
      await decision.getByRole('button', { name: 'Tolak', exact: true }).click();
      await decision.getByText('Alasan penolakan wajib diisi.').waitFor();
      await decision.getByLabel('Alasan penolakan').fill('Rekaman kiosk menunjukkan masuk 08:40');
      await decision.getByRole('button', { name: 'Tolak', exact: true }).click();
      await page.getByText('Tidak ada pengajuan koreksi yang menunggu.').waitFor();
      await second.page.getByText('Tidak ada pengajuan koreksi yang menunggu.').waitFor();

      // Joko's page says so after a reload (employees have no live feed).
      await employee.page.reload();
      await mine.filter({ hasText: 'Disetujui' }).filter({ hasText: 'Sesuai rekaman CCTV' }).waitFor();
      await employee.page.getByTestId('mine-table').locator('tbody tr', { hasText: /17:05/ }).waitFor();
      await saveScreenshot(employee.page, 'pegawai-koreksi');
      await employee.page.setViewportSize(PHONE);
      await saveScreenshot(employee.page, 'pegawai-koreksi-ponsel');

      // Riwayat: the row has its check-out, and its audit says who, why and what.
      await tab(page, 'Riwayat').click();
      await page.getByRole('searchbox', { name: 'Pegawai' }).fill(code(6));
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await row.locator('td[data-label="Jam Pulang"]', { hasText: '17:05' }).waitFor();
      assert.equal(await row.getByTestId('missing-check-out').count(), 0, 'the approved check-out clears the flag');
      await row.getByRole('button', { name: /^Riwayat perubahan/ }).click();
      const audit = page.getByTestId('attendance-audit');
      await audit.locator('li.audit-entry', { hasText: 'Dibuat: masuk 07:55' }).waitFor();
      const approval = audit.locator('li.audit-entry', { hasText: 'Jam pulang: — → 17:05' });
      await approval.filter({ hasText: 'Tanda lupa absen pulang dihapus' }).waitFor();
      await approval.filter({ hasText: 'lupa absen pulang kemarin 17:05' }).waitFor();
      await saveScreenshot(page, 'admin-riwayat-perubahan', { fullPage: false });
      await page.getByRole('dialog').getByRole('button', { name: 'Tutup' }).click();

      // An admin's own correction goes through Ubah with a reason, and adds to the audit.
      await row.getByRole('button', { name: /^Ubah absensi/ }).click();
      await editor.getByLabel('Jam masuk').fill('07:50');
      await editor.getByLabel('Alasan').fill('Jam kiosk cadangan terlambat 5 menit');
      await editor.getByRole('button', { name: 'Simpan' }).click();
      await row.locator('td[data-label="Jam Masuk"]', { hasText: '07:50' }).waitFor();
      await row.getByRole('button', { name: /^Riwayat perubahan/ }).click();
      await audit.locator('li.audit-entry', { hasText: 'Jam masuk: 07:55 → 07:50' }).waitFor();
      assert.equal(await audit.locator('li.audit-entry').count(), 3);
      await page.getByRole('dialog').getByRole('button', { name: 'Tutup' }).click();

      for (const session of [first, second, employee]) assert.deepEqual(session.errors, []);
    } finally {
      await Promise.all([first.context.close(), second.context.close(), employee.context.close()]);
    }
  });
});
