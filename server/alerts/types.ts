export const CHANNEL_KINDS = ['webhook', 'telegram', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const ALERT_KINDS = ['down', 'recovered', 'test', 'digest'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const DELIVERY_OUTCOMES = ['sent', 'retrying', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** What a channel needs besides its secret; stored as JSON, returned to admins as it is. */
export type ChannelTarget = { url: string } | { chat_id: string } | { addresses: string[] };

export interface ChannelRow {
  id: number;
  kind: ChannelKind;
  name: string;
  target: ChannelTarget;
  /** The webhook signing secret or the bot token, encrypted (secret-box.ts); email has none. */
  secret_ciphertext: string | null;
  device_alerts: boolean;
  digest: boolean;
  enabled: boolean;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface AlertDevice {
  id: number;
  name: string;
  location: string | null;
}

/** One message, as planned: every retry of its job sends exactly this. */
export interface AlertMessage {
  /** The same for every channel the message goes to: the outbox event id, or the test/digest key. */
  event_id: string;
  kind: AlertKind;
  device?: AlertDevice;
  text: string;
  at: string;
  not_checked_in?: { employee_code: string; name: string }[];
}

export interface AlertJob {
  channel_id: number;
  message: AlertMessage;
}

export interface DeliveryRow {
  id: number;
  job_key: string;
  channel_id: number;
  channel_name: string;
  channel_kind: ChannelKind;
  kind: AlertKind;
  event_id: string;
  device_id: number | null;
  device_name: string | null;
  attempt: number;
  outcome: DeliveryOutcome;
  detail: string | null;
  text: string;
  created_at: Date;
}
