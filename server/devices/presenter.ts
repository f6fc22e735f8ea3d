import type { z } from 'zod';
import { heartbeatAgeSeconds } from './presence';
import type { deviceJson, statusEventJson } from './schemas';
import type { DeviceRow, StatusEventRow } from './types';

export type DeviceJson = z.output<typeof deviceJson>;
export type StatusEventJson = z.output<typeof statusEventJson>;

const iso = (value: Date | null) => value?.toISOString() ?? null;
const flag = (value: number | boolean | null) => (value === null ? null : Boolean(value));

export function toDeviceJson(row: DeviceRow, now: Date): DeviceJson {
  const age = heartbeatAgeSeconds(row, now);
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    status: row.status,
    previous_status: row.previous_status,
    last_heartbeat_at: iso(row.last_heartbeat_at),
    seconds_since_heartbeat: age === null ? null : Math.floor(age),
    last_heartbeat_source: row.last_heartbeat_source,
    last_seen_ip: row.last_seen_ip,
    heartbeat_interval_seconds: row.heartbeat_interval_seconds,
    offline_after_seconds: row.offline_after_seconds,
    disconnect_after_seconds: row.disconnect_after_seconds,
    last_status_change_at: iso(row.last_status_change_at),
    status_change_reason: row.status_change_reason,
    should_reconnect: Boolean(row.should_reconnect),
    reconnect_delay_seconds: row.reconnect_delay_seconds,
    reconnect_requested_at: iso(row.reconnect_requested_at),
    remote_control_enabled: Boolean(row.remote_control_enabled),
    last_ping_at: iso(row.last_ping_at),
    last_ping_ok: flag(row.last_ping_ok),
    battery_level: row.battery_level,
    wifi_strength: row.wifi_strength,
    app_version: row.app_version,
    maintenance_until: iso(row.maintenance_until),
    version: row.version,
    created_at: row.created_at.toISOString(),
  };
}

export const toStatusEventJson = (row: StatusEventRow): StatusEventJson => ({
  id: Number(row.id),
  device_id: row.device_id,
  from_status: row.from_status,
  to_status: row.to_status,
  reason: row.reason,
  source: row.source,
  occurred_at: row.occurred_at.toISOString(),
});
