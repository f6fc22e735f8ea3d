import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningNode } from '../../server/node';
import { startTestNode } from '../support/app-node';
import { collectPageErrors, launchBrowser, saveScreenshot } from '../support/browser';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

/** The API's own page, as a kiosk app author reads it: no scripts, nothing from another site, under the app's CSP. */
describe('the API page in a real browser', () => {
  let env: TestEnvironment;
  let node: RunningNode;
  let browser: Browser;

  before(async () => {
    env = await createTestEnvironment();
    node = await startTestNode(env);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await node?.shutdown('test done');
    await env?.cleanup();
  });

  it('a developer opens /api/docs, reads who may call the kiosk check-in and what it answers, and follows the link to the document', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(node.url)) outside.push(request.url());
    });
    await page.goto(`${node.url}/api/docs`);
    await page.getByRole('heading', { name: 'kiosk' }).waitFor();
    const row = async (text: string) => (await page.getByRole('row').filter({ hasText: text }).textContent()) ?? '';
    const checkIn = await row('POST /api/kiosk/check-in');
    assert.match(checkIn, /device token/);
    assert.match(checkIn, /409 already_checked_in/);
    assert.match(await row('GET /api/admin/users/{id}'), /admin session/);
    await page.getByRole('heading', { name: 'Live events (Socket.IO)' }).scrollIntoViewIfNeeded();
    assert.match(await row('session.ended'), /SessionEnded/);
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'api-docs', { fullPage: false });
    const [response] = await Promise.all([
      page.waitForResponse(/\/api\/openapi\.json$/),
      page.getByRole('link', { name: '/api/openapi.json' }).click(),
    ]);
    assert.equal((await response.json()).openapi, '3.1.0');
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, []);
    await context.close();
  });
});
