import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` until it returns something other than false/null/undefined,
 * and returns that. Drills wait for outcomes (an event arrived, a node is
 * ready) instead of sleeping a fixed time, so a slow machine only makes them
 * slower, never wrong.
 */
export async function until<T>(
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  { what, timeoutMs, intervalMs = 100 }: { what: string; timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await delay(intervalMs);
  }
}
