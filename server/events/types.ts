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

export interface PendingEvent {
  type: EventType;
  data: unknown;
}
