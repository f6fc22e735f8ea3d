import { PassThrough } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { buildWebApp, launchBrowser } from './browser';
import { createTestEnvironment, type TestEnvironment } from './environment';
import { createAdmin, createEmployee } from './fixtures';
import { EMPLOYEE_PASSWORD, employeeCode, PEOPLE } from './people';
import { startTestCluster, type TestCluster } from './test-cluster';

/**
 * What a browser test of the console starts from: the web app built, an
 * environment where every weekday works (Belum Absen counts people only on a
 * working day, and the tests run on weekends too), the fixtures' admin, and
 * PEOPLE as employees.
 */
export async function prepareConsoleEnvironment(): Promise<TestEnvironment> {
  const [, env] = await Promise.all([
    buildWebApp(),
    createTestEnvironment({
      LOG_LEVEL: 'warn',
      OUTBOX_RELAY_AFTER_SECONDS: '2',
      WORK_DAYS: 'mon,tue,wed,thu,fri,sat,sun',
    }),
  ]);
  await createAdmin(env.db, env.config);
  for (const [index, name] of PEOPLE.entries())
    await createEmployee(env.db, env.config, employeeCode(index), { name, password: EMPLOYEE_PASSWORD });
  return env;
}

/** A counter on the page (data-testid), as a number. */
export const counterValue = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());

/** Waits until a counter on the page shows exactly `expected`. */
export const waitForCounter = (page: Page, id: string, expected: number) =>
  page
    .getByTestId(id)
    .filter({ hasText: new RegExp(`^${expected}$`) })
    .waitFor();

export interface ConsoleWorld {
  env: TestEnvironment;
  cluster: TestCluster;
  browser: Browser;
  /** Ends Chromium and the cluster and removes the environment. */
  close(): Promise<void>;
}

/**
 * prepareConsoleEnvironment, then what `prepare` adds to it, the real
 * cluster on it (its logs swallowed) and Chromium. Whatever started is ended
 * again when a later step fails.
 */
export async function startConsoleWorld(
  prepare: (env: TestEnvironment) => Promise<void> = async () => {},
): Promise<ConsoleWorld> {
  const env = await prepareConsoleEnvironment();
  const logs = new PassThrough();
  logs.resume();
  let cluster: TestCluster | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await cluster?.stop();
    await env.cleanup();
  };
  try {
    await prepare(env);
    cluster = await startTestCluster(env, { logs });
    browser = await launchBrowser();
  } catch (error) {
    await close();
    throw error;
  }
  return { env, cluster, browser, close };
}

/** Signs in on the login page at baseUrl. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** Pairs the kiosk page at baseUrl with a device token and the code prefix EMP. */
export async function pairKiosk(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/#/kiosk`);
  await page.getByLabel('Token perangkat').fill(token);
  await page.getByLabel('Awalan kode pegawai (opsional)').fill('EMP');
  await page.getByRole('button', { name: 'Pasangkan' }).click();
}

/** Presses the kiosk's keypad buttons one after another, by their accessible names. */
export const pressKeys = (page: Page, keys: string[]) =>
  keys.reduce(
    (done, key) => done.then(() => page.getByRole('button', { name: key, exact: true }).click()),
    Promise.resolve(),
  );
