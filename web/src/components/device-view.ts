import { ago, signalBars } from '../lib/format';
import { DEVICE_STATUS, deviceBadge } from '../lib/labels';
import { ticker } from '../lib/ticker';
import { live } from '../live/store';
import type { Device } from '../types';

// How a device reads on screen; shared by the list and the detail dialog.

/** The server's now, from the browser's clock and the skew the console measured. */
export const serverNow = () => ticker.now + live.skewMs;

function secondsSinceHeartbeat(device: Device): number | null {
  if (!device.last_heartbeat_at) return null;
  return Math.max(0, (serverNow() - Date.parse(device.last_heartbeat_at)) / 1000);
}

export const deviceView = {
  statusLabel: (device: Device) => DEVICE_STATUS[device.status] ?? device.status,
  statusClass: (device: Device) => deviceBadge(device.status),
  lastHeard: (device: Device) => ago(secondsSinceHeartbeat(device)),
  battery: (device: Device) => (device.battery_level === null ? '—' : `${Math.round(device.battery_level)}%`),
  batteryLow: (device: Device) => device.battery_level !== null && device.battery_level < 20,
  signal: (device: Device) => (device.wifi_strength === null ? '—' : `${device.wifi_strength} dBm`),
  signalClass: (device: Device) => `signal signal--${signalBars(device.wifi_strength)}`,
  signalTitle: (device: Device) =>
    device.wifi_strength === null
      ? 'Sinyal tidak diketahui'
      : `Sinyal ${signalBars(device.wifi_strength)} dari 4 (${device.wifi_strength} dBm)`,
  location: (device: Device) => device.location || '—',
  appVersion: (device: Device) => device.app_version || '—',
  /** In a maintenance window right now: it sends no alerts. */
  inMaintenance: (device: Device) =>
    device.maintenance_until !== null && Date.parse(device.maintenance_until) > serverNow(),
};
