import type { DeviceRow, DeviceStatus, Thresholds } from './types';

/**
 * The three tiers (docs/ARCHITECTURE.md, "Presence"), from the age of the
 * last heartbeat:
 * ≤ offline_after → connected; ≤ disconnect_after → temporarily_offline;
 * beyond, or never heard → disconnected.
 */
export function statusForAge(ageSeconds: number | null, thresholds: Thresholds): DeviceStatus {
  if (ageSeconds === null) return 'disconnected';
  if (ageSeconds <= thresholds.offline_after_seconds) return 'connected';
  if (ageSeconds <= thresholds.disconnect_after_seconds) return 'temporarily_offline';
  return 'disconnected';
}

export function heartbeatAgeSeconds(device: Pick<DeviceRow, 'last_heartbeat_at'>, now: Date): number | null {
  return device.last_heartbeat_at ? Math.max(0, (now.getTime() - device.last_heartbeat_at.getTime()) / 1000) : null;
}

/**
 * Where time alone takes a device. Time only moves a device down: a device
 * whose heartbeat is fresh but whose status is lower stays where it is until
 * a heartbeat brings it back (only a heartbeat makes a device connected).
 */
export function statusDueToTime(device: DeviceRow, now: Date): DeviceStatus | null {
  const due = statusForAge(heartbeatAgeSeconds(device, now), device);
  const rank = (status: DeviceStatus) => ['connected', 'temporarily_offline', 'disconnected'].indexOf(status);
  return rank(due) > rank(device.status) ? due : null;
}

/** The transition reasons written to device_status_events and the logs. */
export const REASONS = {
  heartbeat: 'heartbeat_received',
  heartbeatMissed: 'heartbeat_missed',
  heartbeatLost: 'heartbeat_lost',
  pingFailed: 'ping_failed',
  reconnectRequested: 'reconnect_requested',
  reconnectDelivered: 'reconnect_delivered',
} as const;
