// Shapes of the API: the server's own types, so the page and the API cannot drift apart (type-only, erased by Vite).

import type { AttendanceJson } from '../../server/attendance/types';

export type { AttendanceStatus } from '../../server/attendance/types';
export type { DeviceJson as Device, StatusEventJson as DeviceStatusEvent } from '../../server/devices/presenter';
export type { DeviceStatus, HeartbeatAnswer } from '../../server/devices/types';
export type { OutboxEvent as LiveEvent } from '../../server/events/types';
export type { PageMeta } from '../../server/http/pagination';
export type { Role, UserJson as User } from '../../server/users/types';

// Attendance operations (docs/contract of issue 17). The server's types for
// these are being written alongside; until they land, the contract's shapes.

export type AttendanceSource = 'web' | 'kiosk' | 'admin';

export type Attendance = Omit<AttendanceJson, 'source'> & {
  source: AttendanceSource;
  /** Still open after its org-local day ended (set by the scheduler). */
  missing_check_out: boolean;
};

export interface PersonRef {
  id: number;
  name: string;
  employee_code: string;
}

export type HolidayKind = 'national' | 'cuti_bersama' | 'company';

export interface Holiday {
  id: number;
  date: string;
  name: string;
  kind: HolidayKind;
  created_at: string;
}

export type AbsenceKind = 'izin' | 'sakit' | 'cuti' | 'dinas_luar' | 'wfh';

export interface Absence {
  id: number;
  user: PersonRef;
  date_from: string;
  date_to: string;
  kind: AbsenceKind;
  note: string | null;
  created_by: { id: number; name: string };
  created_at: string;
  updated_at: string;
  version: number;
}

/** An absence as the today snapshot lists it. */
export type TodayAbsence = Pick<Absence, 'id' | 'user' | 'kind' | 'date_from' | 'date_to' | 'note'>;

export type CorrectionStatus = 'pending' | 'approved' | 'rejected';

export interface Correction {
  id: number;
  user: PersonRef;
  date: string;
  jam_masuk: string | null;
  jam_pulang: string | null;
  reason: string;
  status: CorrectionStatus;
  decided_by: { id: number; name: string } | null;
  decided_at: string | null;
  decision_reason: string | null;
  attendance_id: number | null;
  created_at: string;
  version: number;
}

export interface AttendanceAudit {
  id: number;
  attendance_id: number;
  actor: { id: number; name: string };
  at: string;
  reason: string;
  before: Attendance | null;
  after: Attendance;
}

export interface TodayMeta {
  date: string;
  timezone: string;
  server_time: string;
  active_employees: number;
  last_event_id: number;
  /** One of the org's WORK_DAYS and no holiday. */
  working_day: boolean;
  holiday: Holiday | null;
  /** Absences covering today, also of people who checked in anyway. */
  absences: TodayAbsence[];
  /** Active employees with neither attendance nor absence today; [] on a non-working day; by name. */
  not_checked_in: PersonRef[];
}
