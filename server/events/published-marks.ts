import type { Clock } from '../clock';
import type { Db } from '../db/knex';
import type { Logger } from '../logger';
import { markPublished } from './repository';

/**
 * Marks published events in MariaDB a batch at a time. One UPDATE (and one
 * commit) per event was 83 more commits a second during the bench's morning
 * rush (docs/BENCHMARKS.md, second round), on the disk the check-ins commit
 * to. A mark only tells the relay not to re-send a row, and the relay waits
 * OUTBOX_RELAY_AFTER_SECONDS, so holding marks for a fraction of a second
 * costs nothing; a mark lost in a crash means one repeat that admins drop by
 * id.
 */
export function createPublishedMarks(deps: { db: Db; clock: Clock; logger: Logger }, intervalMs: number) {
  let pending: number[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const ids = pending;
    pending = [];
    await markPublished(deps.db, ids, deps.clock()).catch((err: Error) =>
      deps.logger.warn({ err: err.message, event_ids: ids }, 'Could not mark events published'),
    );
  };
  const timer = setInterval(flush, intervalMs);
  return {
    add(eventId: number): void {
      pending.push(eventId);
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}
