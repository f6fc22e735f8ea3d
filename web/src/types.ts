// Shapes of the API: the server's own types, so the page and the API cannot drift apart (type-only, erased by Vite).

export type { AttendanceJson as Attendance, AttendanceStatus } from '../../server/attendance/types';
export type { DeviceJson as Device, StatusEventJson as DeviceStatusEvent } from '../../server/devices/presenter';
export type { DeviceStatus, HeartbeatAnswer } from '../../server/devices/types';
export type { OutboxEvent as LiveEvent } from '../../server/events/types';
export type { PageMeta } from '../../server/http/pagination';
export type { Role, UserJson as User } from '../../server/users/types';

export interface TodayMeta {
  date: string;
  timezone: string;
  server_time: string;
  active_employees: number;
  last_event_id: number;
}
