import { setTimeout as delay } from 'node:timers/promises';

/** Polls `done` until it holds; rejects with "<what> within N s" after timeoutMs. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what()} within ${timeoutMs / 1000} s`);
    await delay(20);
  }
}
