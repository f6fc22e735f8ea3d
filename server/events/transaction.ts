import type { Clock } from '../clock';
import type { Db, Trx } from '../db/knex';
import type { EventPublisher } from './publisher';
import { insertEvent } from './repository';
import type { OutboxEvent, PendingEvent } from './types';

export interface ChangeDeps {
  db: Db;
  clock: Clock;
  publisher: EventPublisher;
}

/**
 * The only way a state change that admins must see is written: the change and
 * its outbox rows commit in one transaction, and only after the commit are
 * the events handed to the broadcast queue.
 */
export async function commitChange<T>(
  deps: ChangeDeps,
  work: (trx: Trx) => Promise<{ result: T; events: PendingEvent[] }>,
): Promise<T> {
  const { result, events } = await deps.db.transaction(async (trx) => {
    const outcome = await work(trx);
    const at = deps.clock();
    const recorded: OutboxEvent[] = [];
    for (const event of outcome.events) recorded.push(await insertEvent(trx, event.type, event.data, at));
    return { result: outcome.result, events: recorded };
  });
  await deps.publisher.enqueue(events);
  return result;
}
