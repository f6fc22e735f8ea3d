import { setTimeout as delay } from 'node:timers/promises';
import type { ManagedProcess } from './process';

const POLL_MS = 200;
const TAIL_IN_ERRORS = 20;

interface WaitOptions {
  /** Completes "did not …" / "before it could …", e.g. "answer GET http://127.0.0.1:3001/api/health". */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Polls `ready` until it says yes; fails early, with the child's last output, if the child dies. */
export async function waitForProcess(
  proc: ManagedProcess,
  ready: () => Promise<boolean>,
  { what, timeoutMs, signal }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (!proc.running) {
      throw new Error(`${proc.id} ${await proc.whenClosed()} before it could ${what}.${lastOutput(proc)}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${proc.id} did not ${what} within ${timeoutMs / 1000} s.${lastOutput(proc)}`);
    }
    await delay(POLL_MS, undefined, { signal });
  }
}

function lastOutput(proc: ManagedProcess): string {
  const lines = proc.tail(TAIL_IN_ERRORS);
  if (lines.length === 0) return ' It printed nothing.';
  return `\nLast output of ${proc.id}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
