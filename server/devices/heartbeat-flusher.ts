import type { Db } from '../db/knex';
import type { Logger } from '../logger';
import type { HeartbeatStore } from './heartbeat-store';
import { writeHeartbeats } from './repository';

const BATCH = 1000;

/**
 * Writes every heartbeat Redis holds and MariaDB has not seen, a batch per
 * statement, until none is left. A batch MariaDB refused goes back to Redis
 * for the next flush. Any process may flush at any time: taking a batch is
 * atomic, and a write never moves a heartbeat back.
 */
export async function flushHeartbeats(db: Db, store: HeartbeatStore): Promise<number> {
  let written = 0;
  for (;;) {
    const batch = await store.takeUnwritten(BATCH);
    if (batch.length === 0) return written;
    try {
      await writeHeartbeats(db, batch);
    } catch (error) {
      await store.giveBack(batch.map((h) => h.device_id));
      throw error;
    }
    written += batch.length;
    if (batch.length < BATCH) return written;
  }
}

/** For readers that want the newest heartbeats in MariaDB but can answer without them (Redis or MariaDB down). */
export async function flushHeartbeatsIfPossible(deps: {
  db: Db;
  heartbeats: HeartbeatStore;
  logger: Logger;
}): Promise<void> {
  await flushHeartbeats(deps.db, deps.heartbeats).catch((error) =>
    deps.logger.warn({ err: (error as Error).message }, 'Heartbeats not written to the database yet; retrying'),
  );
}

/** Each app node flushes on its own timer; the last flush runs when it stops. */
export function startHeartbeatFlusher(
  deps: { db: Db; heartbeats: HeartbeatStore; logger: Logger },
  intervalMs: number,
) {
  let running: Promise<unknown> = Promise.resolve();
  const flush = () => (running = running.then(() => flushHeartbeatsIfPossible(deps)));
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
