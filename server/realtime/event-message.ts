import type { OutboxEvent } from '../events/types';

/**
 * A broadcast worker's pub/sub message back as an event, or null when it is
 * not one: admin pages assume the event shape, so anything else stops here.
 */
export function parseEventMessage(message: string): OutboxEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  const valid = Number.isSafeInteger(event.id) && typeof event.type === 'string' && typeof event.occurred_at === 'string' && 'data' in event;
  return valid ? (value as OutboxEvent) : null;
}
