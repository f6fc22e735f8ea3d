import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

interface LoadOptions {
  baseUrl: string;
  /** One simulated kiosk per token. Each checks employees in and sends its own heartbeats. */
  deviceTokens: string[];
  /** Each employee is checked in once; the load stops checking in when they run out. */
  employeeCodes: string[];
  pin: string;
  /** Check-ins in flight at once. */
  checkInConcurrency: number;
  /** Pause of each check-in loop between requests, so the cluster keeps CPU to restart nodes. */
  checkInPauseMs: number;
  /** The API accepts one heartbeat per device per 10 s; a longer interval never hits the limit. */
  heartbeatIntervalMs: number;
}

export interface Tally {
  sent: number;
  ok: number;
  failed: number;
}

export interface LoadReport {
  checkIns: Tally;
  /** rateLimited: 429 from the heartbeat limit, which a device handles by waiting; not a failure. */
  heartbeats: Tally & { rateLimited: number };
  /** What went wrong, the first few, for the report. */
  failures: string[];
}

interface RunningLoad {
  /** Requests answered so far, of both kinds. */
  answered(): number;
  stop(): Promise<LoadReport>;
}

const REQUEST_TIMEOUT_MS = 15_000;
const FAILURES_KEPT = 20;

/**
 * Kiosks at work: check-ins (201 expected) and heartbeats (200 expected)
 * through one URL, counting every other answer, and every request that got
 * none, as a failure.
 */
export function startLoad(options: LoadOptions): RunningLoad {
  const report: LoadReport = {
    checkIns: { sent: 0, ok: 0, failed: 0 },
    heartbeats: { sent: 0, ok: 0, failed: 0, rateLimited: 0 },
    failures: [],
  };
  const stopping = new AbortController();
  // Every loop waits on this signal at once.
  setMaxListeners(options.checkInConcurrency + options.deviceTokens.length + 1, stopping.signal);
  const pause = (ms: number) => delay(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
  const fail = (what: string) => {
    if (report.failures.length < FAILURES_KEPT) report.failures.push(`${new Date().toISOString()} ${what}`);
  };
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${options.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).then(
      async (res) => ({
        status: res.status,
        code: ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code,
      }),
      (error: Error) => ({ status: 0, code: error.cause instanceof Error ? error.cause.message : error.message }),
    );

  const codes = options.employeeCodes[Symbol.iterator]();
  let checkIns = 0;
  const checkInLoop = async () => {
    for (let next = codes.next(); !next.done && !stopping.signal.aborted; next = codes.next()) {
      const token = options.deviceTokens[checkIns++ % options.deviceTokens.length]!;
      report.checkIns.sent += 1;
      const { status, code } = await post('/api/kiosk/check-in', token, {
        employee_code: next.value,
        pin: options.pin,
      });
      if (status === 201) report.checkIns.ok += 1;
      else {
        report.checkIns.failed += 1;
        fail(`check-in ${next.value}: ${status || 'no answer'} ${code ?? ''}`);
      }
      await pause(options.checkInPauseMs);
    }
  };

  const heartbeatLoop = async (token: string, index: number) => {
    // Spread the devices over the interval, as real kiosks are.
    await pause((options.heartbeatIntervalMs * index) / options.deviceTokens.length);
    while (!stopping.signal.aborted) {
      report.heartbeats.sent += 1;
      const { status, code } = await post('/api/devices/heartbeat', token, {
        battery_level: 80,
        app_version: 'load-1',
      });
      if (status === 200) report.heartbeats.ok += 1;
      else if (status === 429) report.heartbeats.rateLimited += 1;
      else {
        report.heartbeats.failed += 1;
        fail(`heartbeat of device #${index + 1}: ${status || 'no answer'} ${code ?? ''}`);
      }
      await pause(options.heartbeatIntervalMs);
    }
  };

  const loops = [
    ...Array.from({ length: options.checkInConcurrency }, checkInLoop),
    ...options.deviceTokens.map((token, i) => heartbeatLoop(token, i)),
  ];
  return {
    answered: () =>
      report.checkIns.ok +
      report.checkIns.failed +
      report.heartbeats.ok +
      report.heartbeats.failed +
      report.heartbeats.rateLimited,
    async stop() {
      stopping.abort();
      await Promise.all(loops);
      return report;
    },
  };
}
