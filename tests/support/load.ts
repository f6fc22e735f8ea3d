import { setTimeout as delay } from 'node:timers/promises';

/** One request as a load client saw it, retries included. */
export interface Outcome {
  method: string;
  path: string;
  status: number | null;
  /** The error envelope's code, or the network error when nothing answered. */
  reason: string | null;
  body: any;
  startedAt: number;
  endedAt: number;
  attempts: number;
}

export interface SendOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Extra attempts after no answer or a 502/503/504. Only for calls that are safe to repeat. */
  retries?: number;
  /** A request unanswered after this long counts as hung. */
  timeoutMs?: number;
}

const RETRYABLE = new Set([502, 503, 504]);

function networkReason(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'no_answer_timeout';
  return `network:${err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error)}`;
}

/** A request with a deadline and, for idempotent calls, a few retries; never throws. */
export async function send(baseUrl: string, method: string, path: string, options: SendOptions = {}): Promise<Outcome> {
  const { retries = 0, timeoutMs = 15_000 } = options;
  const startedAt = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  let last: Omit<Outcome, 'method' | 'path' | 'startedAt' | 'endedAt' | 'attempts'> = {
    status: null,
    reason: 'not_sent',
    body: null,
  };
  let attempts = 0;
  while (attempts <= retries) {
    if (attempts > 0) await delay(100 * attempts);
    attempts += 1;
    try {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // nginx or a proxy may answer in HTML; the status says enough
      }
      last = { status: res.status, reason: parsed?.error?.code ?? null, body: parsed };
      if (!RETRYABLE.has(res.status)) break;
    } catch (error) {
      last = { status: null, reason: networkReason(error), body: null };
    }
  }
  return { method, path, ...last, startedAt, endedAt: Date.now(), attempts };
}

/** Counts of what a load client sent and what failed, by reason, for the drill's report. */
export class Tally {
  readonly failures: Outcome[] = [];
  sent = 0;
  retried = 0;

  /** Records the outcome; `ok` says whether the drill counts it as served. */
  add(outcome: Outcome, ok: boolean): Outcome {
    this.sent += 1;
    if (outcome.attempts > 1) this.retried += 1;
    if (!ok) this.failures.push(outcome);
    return outcome;
  }

  get failed(): number {
    return this.failures.length;
  }

  byReason(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const f of this.failures) {
      const key = `${f.status ?? 'no answer'} ${f.reason ?? ''}`.trim();
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  summary(): string {
    const reasons = Object.entries(this.byReason()).map(([reason, n]) => `${n}× ${reason}`);
    return `sent ${this.sent}, failed ${this.failed}${reasons.length ? ` (${reasons.join(', ')})` : ''}, retried ${this.retried}`;
  }
}

/**
 * Runs `loops` concurrent loops; each calls `step` until it returns false or
 * `shouldStop()` says so. Bounded by the caller's budget, never by time alone.
 */
export async function runLoops(
  loops: number,
  step: (loop: number) => Promise<boolean>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (!shouldStop() && (await step(loop)));
    }),
  );
}
