import { ApiError, api } from '../lib/api';
import type { HeartbeatAnswer } from '../types';

declare const __APP_VERSION__: string;

const FALLBACK_INTERVAL_S = 30;
/** After a network failure: soon, so the kiosk shows Terhubung again quickly. */
const RETRY_OFFLINE_S = 10;

interface HeartbeatHandlers {
  answer(answer: HeartbeatAnswer): void;
  offline(): void;
  /** The token is not valid (any more): the kiosk must be paired again. */
  rejected(): void;
}

type BatteryManager = { level: number };

async function batteryLevel(): Promise<number | undefined> {
  const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManager> };
  try {
    return nav.getBattery ? Math.round((await nav.getBattery()).level * 100) : undefined;
  } catch {
    return undefined;
  }
}

/** One heartbeat; the answer, or the ApiError (429 carries Retry-After). */
export async function sendHeartbeat(token: string): Promise<HeartbeatAnswer> {
  const body = { battery_level: await batteryLevel(), app_version: `web-kiosk/${__APP_VERSION__}` };
  return api<HeartbeatAnswer>('POST', '/api/devices/heartbeat', { bearer: token, body });
}

/**
 * Heartbeats while the kiosk page is open, at the pace the server asks for
 * (next_heartbeat_seconds) and never sooner than a 429's Retry-After.
 */
export class HeartbeatLoop {
  private timer = 0;
  private stopped = false;

  constructor(
    private readonly token: string,
    private readonly handlers: HeartbeatHandlers,
  ) {}

  /** Starts with a beat after `firstDelayS` (0: now). */
  start(firstDelayS = 0): void {
    this.stopped = false;
    this.schedule(firstDelayS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(seconds: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = window.setTimeout(() => void this.beat(), seconds * 1000);
  }

  private async beat(): Promise<void> {
    try {
      const answer = await sendHeartbeat(this.token);
      if (this.stopped) return;
      this.handlers.answer(answer);
      this.schedule(answer.next_heartbeat_seconds || FALLBACK_INTERVAL_S);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && error.status === 401) {
        this.stop();
        return this.handlers.rejected();
      }
      if (error instanceof ApiError && error.status === 429) return this.schedule(error.retryAfter ?? RETRY_OFFLINE_S);
      this.handlers.offline();
      this.schedule(RETRY_OFFLINE_S);
    }
  }
}
