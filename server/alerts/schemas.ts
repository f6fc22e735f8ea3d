import { z } from 'zod';
import { id, instant } from '../http/schemas';
import { ALERT_KINDS, CHANNEL_KINDS, DELIVERY_OUTCOMES } from './types';

const channelKind = z.enum(CHANNEL_KINDS);

/** Where a channel sends: a webhook's URL, a Telegram chat, or email addresses. */
const target = z.union([
  z.object({ url: z.string() }),
  z.object({ chat_id: z.string() }),
  z.object({ addresses: z.array(z.string()) }),
]);

/** A channel as admins read it: its secret (webhook signing key, bot token) is never returned, `has_secret` says one is set. */
export const alertChannelJson = z
  .object({
    id,
    kind: channelKind,
    name: z.string(),
    target,
    has_secret: z.boolean(),
    device_alerts: z.boolean(),
    digest: z.boolean(),
    enabled: z.boolean(),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'AlertChannel' });

/** A new webhook channel whose secret the server generated shows it in this answer only. */
export const createdAlertChannelJson = alertChannelJson.extend({
  secret: z.string().optional().meta({ description: 'The generated webhook secret, shown once' }),
});

/** One attempt to send one message through one channel. */
export const alertDeliveryJson = z
  .object({
    id,
    channel: z.object({ id, name: z.string(), kind: channelKind }),
    kind: z.enum(ALERT_KINDS),
    event_id: z.string().meta({ description: 'The same for every attempt and channel of one message' }),
    device: z.object({ id, name: z.string().nullable() }).nullable(),
    attempt: z.number().int().min(1),
    outcome: z.enum(DELIVERY_OUTCOMES),
    detail: z.string().nullable().meta({ description: "The receiver's answer, or why it failed" }),
    text: z.string(),
    at: instant,
  })
  .meta({ id: 'AlertDelivery' });
