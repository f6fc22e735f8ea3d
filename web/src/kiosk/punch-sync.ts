import { ApiError, api } from '../lib/api';
import type { PunchAnswer } from '../types';
import { punchQueue, type QueuedPunch, type RefusedPunch } from './punch-queue';

/** As many as the server takes in one batch. */
const BATCH = 500;
/** While entries wait: how often to try again when nothing else (the 'online' event, a heartbeat) says the API is back. */
const RETRY_S = 10;
const SEND_TIMEOUT_MS = 30_000;

interface SyncHandlers {
  /** The queue or the refused list changed. */
  changed(): void;
  /** The API could not be reached. */
  offline(): void;
  /** The API answered, but not with results (the kiosk's clock is off, say): why, in words. */
  problem(error: ApiError): void;
}

/** The server refused the entry for good: it stays refused however often it is sent. */
function refusalOf(answer: PunchAnswer): string | null {
  if (answer.result === 'rejected') return answer.code;
  if (answer.result === 'duplicate' && answer.original === 'rejected') return answer.code ?? 'rejected';
  return null;
}

/** The entries a 400 names (`entries.3.at`): malformed for good, so they must not hold back the rest. */
function malformedIn(error: ApiError, batch: QueuedPunch[]): QueuedPunch[] {
  const indexes = new Set(error.details.map((detail) => /^entries\.(\d+)\./.exec(detail.path)?.[1]).filter(Boolean));
  return batch.filter((_, i) => indexes.has(String(i)));
}

const refused = (punch: QueuedPunch, code: string): RefusedPunch => ({
  client_id: punch.client_id,
  employee_code: punch.employee_code,
  kind: punch.kind,
  at: punch.at,
  code,
});

/**
 * Sends the offline queue to POST /api/kiosk/punches, oldest first, in
 * batches of at most 500, whenever the API may be back: every RETRY_S while
 * entries wait, on the browser's 'online' event and when `kick` is called (a
 * heartbeat got through). An entry leaves the queue once the server answered
 * for it, applied, duplicate or refused; only an entry refused because the PIN
 * budget is spent stays, to be sent again after the server's Retry-After.
 */
export class PunchSync {
  private timer = 0;
  private sending: Promise<void> | null = null;
  private again = false;
  private pausedUntil = 0;
  private readonly onOnline = () => this.kick();

  constructor(
    private readonly token: string,
    private readonly handlers: SyncHandlers,
  ) {}

  start(): void {
    window.addEventListener('online', this.onOnline);
    this.timer = window.setInterval(() => this.kick(), RETRY_S * 1000);
    this.kick();
  }

  stop(): void {
    window.removeEventListener('online', this.onOnline);
    clearInterval(this.timer);
  }

  /** Sends now, or right after the round in flight. */
  kick(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.sendAll().finally(() => {
      this.sending = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async sendAll(): Promise<void> {
    if (Date.now() < this.pausedUntil) return;
    for (;;) {
      const batch = await punchQueue.oldest(BATCH);
      if (batch.length === 0) return;
      const kept = await this.send(batch);
      // Only a full batch can have more behind it; what stayed waits for the next round.
      if (kept === null || batch.length < BATCH || kept === batch.length) return;
    }
  }

  /** One batch; answers how many entries stay queued, or null when the round should stop. */
  private async send(batch: QueuedPunch[]): Promise<number | null> {
    let answers: PunchAnswer[];
    try {
      ({ data: answers } = await api<{ data: PunchAnswer[] }>('POST', '/api/kiosk/punches', {
        bearer: this.token,
        body: { sent_at: new Date().toISOString(), entries: batch },
        timeoutMs: SEND_TIMEOUT_MS,
      }));
    } catch (error) {
      return this.failed(error, batch);
    }
    const done: string[] = [];
    const refusals: RefusedPunch[] = [];
    for (const [i, answer] of answers.entries()) {
      const punch = batch[i]!;
      if (answer.result === 'rejected' && answer.retry_after_seconds) {
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + answer.retry_after_seconds * 1000);
        continue;
      }
      done.push(punch.client_id);
      const code = refusalOf(answer);
      if (code) refusals.push(refused(punch, code));
    }
    await punchQueue.refuse(refusals);
    await punchQueue.remove(done);
    this.handlers.changed();
    return batch.length - done.length;
  }

  private async failed(error: unknown, batch: QueuedPunch[]): Promise<null> {
    if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) {
      this.handlers.offline();
      return null;
    }
    if (error.status === 429 && error.retryAfter) this.pausedUntil = Date.now() + error.retryAfter * 1000;
    const malformed = error.status === 400 ? malformedIn(error, batch) : [];
    if (malformed.length > 0) {
      await punchQueue.refuse(malformed.map((punch) => refused(punch, 'validation_failed')));
      await punchQueue.remove(malformed.map((punch) => punch.client_id));
      this.handlers.changed();
      this.again = true;
      return null;
    }
    // 401 is the heartbeat loop's to act on (it unpairs the kiosk); the rest wait here until it is put right.
    if (error.status !== 401) this.handlers.problem(error);
    return null;
  }
}
