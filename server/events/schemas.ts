import { z } from 'zod';
import { absenceJson } from '../absences/schemas';
import { attendanceJson } from '../attendance/schemas';
import { holidayJson } from '../calendar/schemas';
import { correctionJson } from '../corrections/schemas';
import { deviceStatusChangedJson } from '../devices/schemas';
import { id, instant } from '../http/schemas';
import { EVENT_TYPES, type EventType } from './types';

/** What each event carries, by its type: the same on the socket and from GET /api/admin/events. */
export const eventDataJson = {
  'attendance.created': attendanceJson,
  'attendance.updated': attendanceJson,
  'device.status_changed': deviceStatusChangedJson,
  // Pages reload today's snapshot on either: an import names no single holiday.
  'holiday.changed': z.union([
    z.object({ action: z.enum(['created', 'deleted']), holiday: holidayJson }),
    z.object({ action: z.literal('imported'), count: z.number().int().min(1) }),
  ]),
  'absence.changed': z.object({ action: z.enum(['created', 'updated', 'deleted']), absence: absenceJson }),
  'correction.requested': correctionJson,
  'correction.decided': correctionJson,
} satisfies Record<EventType, z.ZodType>;

/** When each is sent. */
const EVENT_SUMMARIES = {
  'attendance.created': 'A check-in, or an attendance an admin wrote',
  'attendance.updated': 'A check-out, a correction, or a forgotten check-out flagged',
  'device.status_changed': 'A device moved between connected, temporarily_offline and disconnected',
  'holiday.changed': "A holiday added or deleted, or a list imported: reload today's snapshot",
  'absence.changed': "An absence recorded, changed or deleted: reload today's snapshot",
  'correction.requested': 'An employee asked for a correction',
  'correction.decided': 'An admin approved or rejected a correction',
} satisfies Record<EventType, string>;

/** attendance.created → AttendanceCreatedEvent: the event's name in the document's components. */
const componentName = (type: EventType) =>
  `${type
    .split(/[._]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}Event`;

const eventJson = <T extends EventType>(type: T) =>
  z
    .object({
      id: id.meta({ description: 'The outbox id: drop an id already seen' }),
      type: z.literal(type),
      occurred_at: instant,
      data: eventDataJson[type],
    })
    .meta({ id: componentName(type), description: EVENT_SUMMARIES[type] });

/** Every event an admin receives, by type. */
export const eventJsonByType = Object.fromEntries(EVENT_TYPES.map((type) => [type, eventJson(type)])) as {
  [K in EventType]: ReturnType<typeof eventJson<K>>;
};

export const liveEventJson = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.map((type) => eventJsonByType[type]) as unknown as [
      ReturnType<typeof eventJson<EventType>>,
      ...ReturnType<typeof eventJson<EventType>>[],
    ],
  )
  .meta({ id: 'LiveEvent', description: 'An event as the outbox recorded it: `{id, type, occurred_at, data}`' });
