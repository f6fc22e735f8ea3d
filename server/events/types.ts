import type { z } from 'zod';
import type { eventDataJson } from './schemas';

/** Every event admins receive, by name (the web console and the tests listen for these). */
export const EVENT_TYPES = [
  'attendance.created',
  'attendance.updated',
  'device.status_changed',
  'holiday.changed',
  'absence.changed',
  'correction.requested',
  'correction.decided',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What admins receive on the socket and from GET /api/admin/events: id is the outbox id. */
export interface OutboxEvent<T = unknown> {
  id: number;
  type: EventType;
  occurred_at: string;
  data: T;
}

/** An event a change commits with (events/transaction.ts), its data as schemas.ts says for its type. */
export type PendingEvent = { [K in EventType]: { type: K; data: z.output<(typeof eventDataJson)[K]> } }[EventType];
