import type { Queue } from 'bullmq';
import type { Logger } from '../logger';
import type { OutboxEvent } from './types';

export const BROADCAST_QUEUE = 'broadcast';

export interface EventPublisher {
  /** Resolves false when the queue could not take them; the rows stay unpublished for the relay. */
  enqueue(events: OutboxEvent[]): Promise<boolean>;
}

/** BullMQ refuses integer-like custom ids, so the outbox id is prefixed; still one job per event. */
const broadcastJobId = (eventId: number) => `event-${eventId}`;

/**
 * Hands committed events to the broadcast queue. jobId = outbox id makes a
 * second enqueue (by the relay) a no-op; a failure here loses nothing because
 * the row stays unpublished and the relay picks it up.
 *
 * `redisAnswering` tells whether the process's request client has Redis
 * right now; while it does not, no hand-off is tried. When Redis stalls, the
 * request client has usually found out already (a kiosk check-in reads the
 * device cache first), and the queue's own connection would find out only by
 * making the response wait out its command timeout a second time: 2 s for a
 * check-in that is already committed.
 */
export function createEventPublisher(
  queue: Queue,
  logger: Logger,
  redisAnswering: () => boolean = () => true,
): EventPublisher {
  return {
    async enqueue(events) {
      if (events.length === 0) return true;
      try {
        if (!redisAnswering()) throw new Error('Redis is not answering this process');
        const jobs = events.map((event) => ({
          name: event.type,
          data: event,
          opts: { jobId: broadcastJobId(event.id) },
        }));
        // Nearly every change has one event, and addBulk wraps even one job in MULTI/EXEC, which costs more
        // CPU than add (docs/BENCHMARKS.md, "Figures that used to live in code comments").
        if (jobs.length === 1) await queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
        else await queue.addBulk(jobs);
        return true;
      } catch (error) {
        logger.warn(
          { err: (error as Error).message, event_ids: events.map((e) => e.id) },
          'Enqueue failed; the outbox relay will deliver these events',
        );
        return false;
      }
    },
  };
}

export const broadcastJobOptions = {
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 24 * 3600 },
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
} as const;
