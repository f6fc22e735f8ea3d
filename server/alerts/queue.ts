import type { Queue } from 'bullmq';
import type { Config } from '../config';
import type { AlertJob, AlertMessage, ChannelRow } from './types';

export const ALERTS_QUEUE = 'alerts';

/** One job per (message, channel): the job id, and the key of its delivery attempts. */
export const alertKey = (message: Pick<AlertMessage, 'event_id'>, channelId: number) =>
  `alert-${message.event_id}-${channelId}`;

/**
 * Completed jobs stay a week so that enqueuing the same message again (a
 * broadcast job retried, the digest planner's next tick) is a no-op in the
 * queue; after that, the `sent` delivery row still stops a second send.
 */
export const alertJobOptions = (config: Pick<Config, 'alerts'>) =>
  ({
    attempts: config.alerts.attempts,
    backoff: { type: 'exponential', delay: config.alerts.backoffMs },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  }) as const;

/** Queues a message for each channel; ids already in the queue are left alone. */
export async function enqueueAlerts(queue: Queue<AlertJob>, message: AlertMessage, channels: ChannelRow[]) {
  if (channels.length === 0) return 0;
  await queue.addBulk(
    channels.map((channel) => ({
      name: message.kind,
      data: { channel_id: channel.id, message },
      opts: { jobId: alertKey(message, channel.id) },
    })),
  );
  return channels.length;
}
