import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import type { Logger } from '../logger';
import { findChannel, insertDelivery, wasSent } from './repository';
import type { SecretBox } from './secret-box';
import { DeliveryFailure, sendToChannel } from './senders';
import type { AlertMessage, ChannelRow, DeliveryOutcome } from './types';

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'alerts'>;
  secrets: SecretBox;
}

/** One message to one channel, one attempt: recorded whatever its result. */
interface Attempt {
  key: string;
  channel: ChannelRow;
  message: AlertMessage;
  number: number;
  isLast: boolean;
}

export function createAlertDelivery(deps: DeliveryDeps) {
  const { db, clock, logger } = deps;

  async function attempt({ key, channel, message, number, isLast }: Attempt) {
    const secret = channel.secret_ciphertext ? deps.secrets.open(channel.secret_ciphertext) : null;
    let outcome: DeliveryOutcome = 'sent';
    let detail: string;
    try {
      detail = await sendToChannel(channel, secret, message, deps.config.alerts);
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      outcome = isLast ? 'failed' : 'retrying';
      detail = error.message;
    }
    const id = await insertDelivery(db, {
      job_key: key,
      channel_id: channel.id,
      kind: message.kind,
      event_id: message.event_id,
      device_id: message.device?.id ?? null,
      attempt: number,
      outcome,
      detail,
      text: message.text,
      created_at: clock(),
    });
    const line = {
      channel_id: channel.id,
      channel_kind: channel.kind,
      kind: message.kind,
      event_id: message.event_id,
      attempt: number,
      outcome,
      detail,
    };
    if (outcome === 'sent') logger.info(line, 'Alert delivered');
    else logger.warn(line, 'Alert delivery failed');
    return { id, outcome, detail };
  }

  return {
    /** A test message, sent now from the admin's request: one attempt, no retries. */
    sendNow: (key: string, channel: ChannelRow, message: AlertMessage) =>
      attempt({ key, channel, message, number: 1, isLast: true }),

    /**
     * One attempt of a queued alert. A message that already reached the
     * channel (a worker that died after sending, a job enqueued again) is not
     * sent again. A failure throws, so the queue retries it with backoff; the
     * last one is recorded as failed.
     */
    async deliverQueued(key: string, channelId: number, message: AlertMessage, attemptNumber: number) {
      const channel = await findChannel(db, channelId);
      if (!channel?.enabled) {
        logger.info(
          { channel_id: channelId, event_id: message.event_id },
          'Alert dropped: its channel is gone or disabled',
        );
        return;
      }
      if (await wasSent(db, key)) return;
      const isLast = attemptNumber >= deps.config.alerts.attempts;
      const { outcome, detail } = await attempt({ key, channel, message, number: attemptNumber, isLast });
      if (outcome !== 'sent') throw new DeliveryFailure(detail);
    },
  };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;
