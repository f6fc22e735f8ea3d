import type { Page } from 'playwright-core';
import { buildWebApp } from './browser';
import { createTestEnvironment, type TestEnvironment } from './environment';
import { createAdmin, createEmployee } from './fixtures';
import { EMPLOYEE_PASSWORD, employeeCode, PEOPLE } from './people';

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
