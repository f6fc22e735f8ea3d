import type { z } from 'zod';
import type { alertChannelJson, alertDeliveryJson } from './schemas';
import type { ChannelRow, DeliveryRow } from './types';

/** Secrets are never shown again after creation; `has_secret` says one is set. */
export const toChannelJson = (row: ChannelRow): z.output<typeof alertChannelJson> => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  target: row.target,
  has_secret: row.secret_ciphertext !== null,
  device_alerts: row.device_alerts,
  digest: row.digest,
  enabled: row.enabled,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

export const toDeliveryJson = (row: DeliveryRow): z.output<typeof alertDeliveryJson> => ({
  id: Number(row.id),
  channel: { id: row.channel_id, name: row.channel_name, kind: row.channel_kind },
  kind: row.kind,
  event_id: row.event_id,
  device: row.device_id === null ? null : { id: row.device_id, name: row.device_name },
  attempt: row.attempt,
  outcome: row.outcome,
  detail: row.detail,
  text: row.text,
  at: row.created_at.toISOString(),
});

export type AlertChannelJson = ReturnType<typeof toChannelJson>;
export type AlertDeliveryJson = ReturnType<typeof toDeliveryJson>;
