// Shapes of the API: the server's own types, so the page and the API cannot drift apart (type-only, erased by Vite).

import type { z } from 'zod';
import type { AbsenceJson } from '../../server/absences/types';
import type { AlertChannelJson } from '../../server/alerts/presenter';
import type { HolidayJson } from '../../server/calendar/types';
import type { AvailabilityDay } from '../../server/devices/availability';
import type { availabilityJson } from '../../server/devices/schemas';

export type { AbsenceJson as Absence, AbsenceKind } from '../../server/absences/types';
export type {
  AlertChannelJson as AlertChannel,
  AlertDeliveryJson as AlertDelivery,
} from '../../server/alerts/presenter';
export type { AlertKind, ChannelKind, DeliveryOutcome } from '../../server/alerts/types';
export type {
  AttendanceJson as Attendance,
  AttendanceStatus,
  AuditEntryJson as AttendanceAudit,
} from '../../server/attendance/types';
export type { HolidayJson as Holiday, HolidayKind } from '../../server/calendar/types';
export type { CorrectionJson as Correction, CorrectionStatus } from '../../server/corrections/types';
export type { AvailabilityDay } from '../../server/devices/availability';
export type DeviceAvailability = z.output<typeof availabilityJson>;
export type { DeviceJson as Device, StatusEventJson as DeviceStatusEvent } from '../../server/devices/presenter';
export type { DeviceStatus, HeartbeatAnswer } from '../../server/devices/types';
export type { OutboxEvent as LiveEvent } from '../../server/events/types';
export type { PageMeta } from '../../server/http/pagination';
export type { PunchAnswer, PunchJson as Punch } from '../../server/punches/types';
export type { Role, UserJson as User } from '../../server/users/types';
/** A webhook created without a secret comes back with the generated one, this once. */
export type CreatedAlertChannel = AlertChannelJson & { secret?: string };
export type Outage = AvailabilityDay['outages'][number];

/** A person as lists name them. */
export interface PersonRef {
  id: number;
  name: string;
  employee_code: string;
}

/** An absence as the today snapshot lists it. */
export type TodayAbsence = Pick<AbsenceJson, 'id' | 'user' | 'kind' | 'date_from' | 'date_to' | 'note'>;

export interface TodayMeta {
  date: string;
  timezone: string;
  server_time: string;
  active_employees: number;
  last_event_id: number;
  /** One of the org's WORK_DAYS and no holiday. */
  working_day: boolean;
  holiday: HolidayJson | null;
  /** Absences covering today, also of people who checked in anyway. */
  absences: TodayAbsence[];
  /** Active employees with neither attendance nor absence today; [] on a non-working day; by name. */
  not_checked_in: PersonRef[];
}
