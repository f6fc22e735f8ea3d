import { setTimeout as delay } from 'node:timers/promises';
import type { OutboxEvent } from '../../server/events/types';
import { type AdminSocket, connectAdminSocket } from './admin-socket';
import { send } from './load';
import { until } from './poll';

interface AdminPageOptions {
  /** Where the browser talks to: nginx. */
  baseUrl: string;
  /** Logs the admin in and returns the session cookie; called again whenever the session is gone. */
  login: () => Promise<string>;
  /**
   * How many ids before the last one seen a catch-up re-reads. Outbox ids are
   * assigned at insert, and the broadcast workers emit concurrently, so an
   * event can arrive after one with a larger id; a catch-up from exactly the
   * last id seen would skip it if the socket dropped in between (README,
   * "Catch-up ordering"). Re-reading a few ids is harmless: the page drops
   * ids it already has.
   */
  overlap?: number;
}

const DEFAULT_OVERLAP = 200;
const CATCH_UP_ATTEMPTS = 120;
const RETRY_PAUSE_MS = 500;

/**
 * An admin's open page, as docs/ARCHITECTURE.md describes it ("The live
 * feed", "The event path"): live events over the socket, and after every
 * reconnect `GET /api/admin/events?after=<last id>` for what it missed. A
 * session that is gone (Redis lost it) means logging in again, as the page's
 * redirect to the login form would. Counts how each event arrived, so a
 * drill can report it.
 */
export class AdminPage {
  readonly seen = new Map<number, OutboxEvent>();
  /** Events delivered by the socket, repeats included. */
  deliveries = 0;
  /** Socket deliveries of an id the page already had (delivery is at least once). */
  duplicates = 0;
  /** Socket connections after the first one. */
  reconnects = 0;
  relogins = 0;
  /** Events the page got only from a catch-up request. */
  caughtUp = 0;
  /** Of those, events with an id at or below the last id seen before the drop: a catch-up from exactly that id would have missed them. */
  caughtUpBelowLastSeen = 0;
  readonly errors: string[] = [];

  private socket!: AdminSocket;
  private cookie = '';
  private maxSeen = 0;
  private maxSeenAtDrop = 0;
  private closed = false;
  private pending = 0;
  private work: Promise<void> = Promise.resolve();

  private constructor(private readonly options: AdminPageOptions) {}

  static async open(options: AdminPageOptions): Promise<AdminPage> {
    const page = new AdminPage(options);
    page.cookie = await options.login();
    page.attach(await connectAdminSocket(options.baseUrl, page.cookie, { reconnection: true }));
    return page;
  }

  /** Ids (of `expected`) the page has not got, by either path. */
  missing(expected: Iterable<number>): number[] {
    return [...expected].filter((id) => !this.seen.has(id));
  }

  /** Resolves once every expected id is on the page and no catch-up is still running. */
  async waitForAll(expected: number[], timeoutMs: number): Promise<void> {
    await until(() => this.pending === 0 && this.missing(expected).length === 0, {
      what: `the admin page has all ${expected.length} events (missing ${this.missing(expected).length}${this.errors.length ? `; ${this.errors.at(-1)}` : ''})`,
      timeoutMs,
    });
  }

  get connected(): boolean {
    return this.socket.socket.connected;
  }

  summary(): string {
    return `${this.seen.size} events (${this.deliveries} socket deliveries, ${this.duplicates} repeats, ${this.caughtUp} only via catch-up, ${this.caughtUpBelowLastSeen} of them below the last id seen), ${this.reconnects} reconnects, ${this.relogins} re-logins`;
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private attach(handle: AdminSocket): void {
    this.socket = handle;
    const { socket } = handle;
    handle.onEvent((event) => this.record(event, 'socket'));
    socket.on('disconnect', () => {
      this.maxSeenAtDrop = this.maxSeen;
    });
    socket.on('connect', () => {
      this.reconnects += 1;
      this.queue(() => this.catchUp());
    });
    // A refusal by the /admin middleware is final for this socket (the client
    // does not retry it); transport errors are retried by the client itself.
    socket.on('connect_error', (error) => {
      if (!socket.active && !this.closed) this.queue(() => this.reopen(error.message));
    });
  }

  /** One thing at a time, in order, as a page's single event loop would. */
  private queue(task: () => Promise<void>): void {
    this.pending += 1;
    this.work = this.work
      .then(task)
      .catch((error) => {
        this.errors.push((error as Error).message);
      })
      .finally(() => {
        this.pending -= 1;
      });
  }

  private record(event: OutboxEvent, via: 'socket' | 'catch-up'): void {
    if (via === 'socket') this.deliveries += 1;
    if (this.seen.has(event.id)) {
      if (via === 'socket') this.duplicates += 1;
      return;
    }
    this.seen.set(event.id, event);
    if (via === 'catch-up') {
      this.caughtUp += 1;
      if (event.id <= this.maxSeenAtDrop) this.caughtUpBelowLastSeen += 1;
    }
    this.maxSeen = Math.max(this.maxSeen, event.id);
  }

  private async relogin(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.cookie = await this.options.login();
        this.relogins += 1;
        return;
      } catch (error) {
        if (this.closed || attempt >= CATCH_UP_ATTEMPTS) throw error;
        await delay(RETRY_PAUSE_MS);
      }
    }
  }

  /** The socket was refused: log in again if the session is gone, then open a new one. */
  private async reopen(reason: string): Promise<void> {
    this.maxSeenAtDrop = this.maxSeen;
    if (reason === 'unauthorized') await this.relogin();
    for (let attempt = 1; !this.closed; attempt++) {
      this.socket.close();
      try {
        this.attach(await connectAdminSocket(this.options.baseUrl, this.cookie, { reconnection: true }));
        this.reconnects += 1;
        return this.catchUp();
      } catch (error) {
        if (attempt >= CATCH_UP_ATTEMPTS)
          throw new Error(`could not reopen the admin socket: ${(error as Error).message}`);
        if ((error as Error).message === 'unauthorized') await this.relogin();
        await delay(RETRY_PAUSE_MS);
      }
    }
  }

  private async catchUp(): Promise<void> {
    let after = Math.max(0, this.maxSeenAtDrop - (this.options.overlap ?? DEFAULT_OVERLAP));
    for (let attempt = 1; !this.closed; attempt++) {
      if (attempt > CATCH_UP_ATTEMPTS) throw new Error(`catch-up after ${after} kept failing`);
      const res = await send(this.options.baseUrl, 'GET', `/api/admin/events?after=${after}&limit=1000`, {
        headers: { cookie: this.cookie },
        retries: 2,
      });
      if (res.status === 401) {
        await this.relogin();
        continue;
      }
      if (res.status !== 200) {
        await delay(RETRY_PAUSE_MS);
        continue;
      }
      for (const event of res.body.data as OutboxEvent[]) this.record(event, 'catch-up');
      if (!res.body.meta.has_more) return;
      after = res.body.meta.next_after;
    }
  }
}
