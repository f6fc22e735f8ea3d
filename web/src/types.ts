// Shapes of the API (see DESIGN.md and README.md at the repository root).

export type Role = 'admin' | 'employee';
export type AttendanceStatus = 'present' | 'late';
export type DeviceStatus = 'connected' | 'temporarily_offline' | 'disconnected';

export interface User {
  id: number;
  employee_code: string;
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
}

export interface Attendance {
  id: number;
  user: { id: number; name: string; employee_code: string };
  date: string;
  jam_masuk: string;
  jam_pulang: string | null;
  check_in_at: string;
  check_out_at: string | null;
  status: AttendanceStatus;
  duration_minutes: number | null;
  device: { id: number; name: string } | null;
  source: 'web' | 'kiosk';
  version: number;
}

export interface Device {
  id: number;
  name: string;
  location: string | null;
  status: DeviceStatus;
  previous_status: DeviceStatus | null;
  last_heartbeat_at: string | null;
  seconds_since_heartbeat: number | null;
  last_heartbeat_source: string | null;
  heartbeat_interval_seconds: number;
  offline_after_seconds: number;
  disconnect_after_seconds: number;
  last_status_change_at: string | null;
  status_change_reason: string | null;
  should_reconnect: boolean;
  reconnect_delay_seconds: number | null;
  reconnect_requested_at: string | null;
  remote_control_enabled: boolean;
  last_ping_at: string | null;
  last_ping_ok: boolean | null;
  battery_level: number | null;
  wifi_strength: number | null;
  app_version: string | null;
  last_seen_ip: string | null;
  version: number;
  created_at: string;
}

export interface DeviceStatusEvent {
  id: number;
  device_id: number;
  from_status: DeviceStatus | null;
  to_status: DeviceStatus;
  reason: string | null;
  source: string | null;
  occurred_at: string;
}

export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
  last_page: number;
}

export interface LiveEvent {
  id: number;
  type: 'attendance.created' | 'attendance.updated' | 'device.status_changed' | string;
  occurred_at: string;
  data: unknown;
}

export interface TodayMeta {
  date: string;
  timezone: string;
  server_time: string;
  active_employees: number;
  last_event_id: number;
}

export interface HeartbeatAnswer {
  status: DeviceStatus;
  server_time: string;
  next_heartbeat_seconds: number;
  should_reconnect: boolean;
  reconnect_delay_seconds: number | null;
  remote_control_enabled: boolean;
}
