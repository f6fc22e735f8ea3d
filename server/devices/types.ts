import type { z } from 'zod';
import type { heartbeatAnswerJson } from './schemas';

export const DEVICE_STATUSES = ['connected', 'temporarily_offline', 'disconnected'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
export const STATUS_SOURCES = ['device', 'external_service', 'system', 'admin'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

export interface Thresholds {
  heartbeat_interval_seconds: number;
  offline_after_seconds: number;
  disconnect_after_seconds: number;
}

export interface DeviceRow extends Thresholds {
  id: number;
  name: string;
  location: string | null;
  token_hash: string | null;
  status: DeviceStatus;
  previous_status: DeviceStatus | null;
  last_heartbeat_at: Date | null;
  last_heartbeat_source: 'device' | 'external_service' | 'system' | null;
  last_seen_ip: string | null;
  last_status_change_at: Date | null;
  status_change_reason: string | null;
  status_change_source: StatusSource | null;
  should_reconnect: number | boolean;
  reconnect_delay_seconds: number | null;
  reconnect_requested_at: Date | null;
  remote_control_enabled: number | boolean;
  last_ping_at: Date | null;
  last_ping_ok: number | boolean | null;
  battery_level: number | null;
  wifi_strength: number | null;
  app_version: string | null;
  maintenance_until: Date | null;
  version: number;
  deleted_at: Date | null;
  created_at: Date;
}

export interface StatusEventRow {
  id: number;
  device_id: number;
  from_status: DeviceStatus | null;
  to_status: DeviceStatus;
  reason: string;
  source: StatusSource;
  occurred_at: Date;
}

/** The heartbeat response (the kiosk reads it, so the web kiosk shares this type). */
export type HeartbeatAnswer = z.output<typeof heartbeatAnswerJson>;

export interface Telemetry {
  battery_level?: number | undefined;
  wifi_strength?: number | undefined;
  app_version?: string | undefined;
}

/** A change of status in a device's history (reconnect requests, which keep the status, are not). */
export interface StatusChange {
  from_status: DeviceStatus | null;
  to_status: DeviceStatus;
  occurred_at: Date;
}

export interface MaintenanceWindow {
  starts_at: Date;
  ends_at: Date;
}
