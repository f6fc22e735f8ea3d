export type EventType = 'attendance.created' | 'attendance.updated' | 'device.status_changed';

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
