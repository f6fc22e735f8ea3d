import type { OutboxEvent } from '../events/types';

/**
 * What reached this node as an event to coalesce, or null when it is not
 * one: admin pages assume the event shape, so anything else stops here.
 */
export function asOutboxEvent(value: unknown): OutboxEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  const valid =
    Number.isSafeInteger(event.id) &&
    typeof event.type === 'string' &&
    typeof event.occurred_at === 'string' &&
    'data' in event;
  return valid ? (value as OutboxEvent) : null;
}
