import { z } from 'zod';
import { calendarDay } from '../http/params';
import { id, instant } from '../http/schemas';
import { REASONS } from './presence';
import { DEVICE_STATUSES, STATUS_SOURCES } from './types';

const status = z.enum(DEVICE_STATUSES);
const seconds = z.number().int().min(0);
const reasons = `one of ${Object.values(REASONS).join(', ')}`;

/** A kiosk with its live status; `seconds_since_heartbeat` as of the answer. */
export const deviceJson = z
  .object({
    id,
    name: z.string(),
    location: z.string().nullable(),
    status,
    previous_status: status.nullable(),
    last_heartbeat_at: instant.nullable(),
    seconds_since_heartbeat: seconds.nullable(),
    last_heartbeat_source: z.enum(['device', 'external_service', 'system']).nullable(),
    last_seen_ip: z.string().nullable(),
    heartbeat_interval_seconds: seconds,
    offline_after_seconds: seconds,
    disconnect_after_seconds: seconds,
    last_status_change_at: instant.nullable(),
    status_change_reason: z.string().nullable().meta({ description: reasons }),
    should_reconnect: z.boolean(),
    reconnect_delay_seconds: seconds.nullable(),
    reconnect_requested_at: instant.nullable(),
    remote_control_enabled: z.boolean(),
    last_ping_at: instant.nullable(),
    last_ping_ok: z.boolean().nullable(),
    battery_level: z.number().int().nullable(),
    wifi_strength: z.number().int().nullable(),
    app_version: z.string().nullable(),
    maintenance_until: instant.nullable().meta({ description: 'While set and ahead, the device sends no alerts' }),
    version: z.number().int().min(1),
    created_at: instant,
  })
  .meta({ id: 'Device' });

/** A new device, or one whose token was rotated: the token is shown in this answer only. */
export const deviceWithTokenJson = z.object({ device: deviceJson, token: z.string() });

/** One entry of a device's history: a status transition, or a reconnect requested or delivered. */
export const statusEventJson = z
  .object({
    id,
    device_id: id,
    from_status: status.nullable(),
    to_status: status,
    reason: z.string().meta({ description: reasons }),
    source: z.enum(STATUS_SOURCES),
    occurred_at: instant,
  })
  .meta({ id: 'DeviceStatusEvent' });

/** The live event of a transition: the device as it is now, and the change. */
export const deviceStatusChangedJson = deviceJson.extend({
  from_status: status,
  to_status: status,
  reason: z.string().meta({ description: reasons }),
  source: z.enum(STATUS_SOURCES),
});

const availabilityDayJson = z.object({
  date: calendarDay,
  observed_minutes: seconds,
  connected_minutes: seconds,
  maintenance_minutes: seconds,
  connected_share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'Of the observed time (minus maintenance); null when nothing of the day was observed' }),
  outages: z.array(
    z.object({
      start: instant,
      end: instant.nullable().meta({ description: 'null: still going on' }),
      minutes: seconds,
    }),
  ),
});

export const availabilityJson = z
  .object({
    device_id: id,
    from: calendarDay,
    to: calendarDay,
    timezone: z.string(),
    days: z.array(availabilityDayJson),
  })
  .meta({ id: 'Availability', description: 'Per org-local day, from the status history' });

/** What the heartbeat answers a kiosk (the web kiosk reads it too). */
export const heartbeatAnswerJson = z
  .object({
    success: z.literal(true),
    status: z.literal('connected'),
    server_time: instant,
    next_heartbeat_seconds: seconds,
    should_reconnect: z.boolean(),
    reconnect_delay_seconds: seconds.nullable(),
    remote_control_enabled: z.boolean(),
  })
  .meta({ id: 'HeartbeatAnswer' });

/** What the ping service needs of a stale device: where to reach it and what was last heard. */
export const pingTargetJson = deviceJson.pick({
  id: true,
  name: true,
  location: true,
  status: true,
  last_seen_ip: true,
  last_heartbeat_at: true,
  seconds_since_heartbeat: true,
  last_ping_at: true,
  last_ping_ok: true,
});

export const pingAnswerJson = z
  .object({
    device_id: id,
    applied: z.boolean(),
    reason: z.enum(['status_changed', 'recorded', 'heartbeat_recent', 'device_not_found']),
    status: status.nullable(),
  })
  .meta({ id: 'PingAnswer' });
