import type { Clock } from '../clock';
import type { Db } from '../db/knex';
import type { Logger } from '../logger';
import type { EventPublisher } from './publisher';
import { listUnpublishedBefore, pruneEvents } from './repository';

/**
 * Re-enqueues events whose row is still unpublished a few seconds after
 * commit (Redis was down at commit, or the node died between commit and
 * enqueue). jobId = outbox id makes this a no-op for events still in the queue.
 */
export async function relayOutbox(
  deps: { db: Db; clock: Clock; publisher: EventPublisher; logger: Logger },
  relayAfterSeconds: number,
): Promise<number> {
  const cutoff = new Date(deps.clock().getTime() - relayAfterSeconds * 1000);
  const stale = await listUnpublishedBefore(deps.db, cutoff, 500);
  if (stale.length === 0) return 0;
  if (!(await deps.publisher.enqueue(stale))) return 0;
  deps.logger.info(
    { count: stale.length, first_id: stale[0].id, last_id: stale.at(-1)!.id },
    'Outbox relay re-enqueued unpublished events',
  );
  return stale.length;
}

export async function pruneOutbox(
  deps: { db: Db; clock: Clock; logger: Logger },
  retentionHours: number,
): Promise<number> {
  const deleted = await pruneEvents(deps.db, new Date(deps.clock().getTime() - retentionHours * 3600_000));
  if (deleted > 0) deps.logger.info({ deleted, retention_hours: retentionHours }, 'Pruned published outbox events');
  return deleted;
}
