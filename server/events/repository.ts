import type { Db, Trx } from '../db/knex';
import type { EventType, OutboxEvent } from './types';

interface OutboxRow {
  id: number | string;
  type: EventType;
  payload: unknown;
  created_at: Date;
}

// MySQL 8 returns JSON columns parsed, MariaDB (JSON = LONGTEXT) returns the text.
const toEvent = (row: OutboxRow): OutboxEvent => ({
  id: Number(row.id),
  type: row.type,
  occurred_at: row.created_at.toISOString(),
  data: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
});

export async function insertEvent(trx: Trx, type: EventType, data: unknown, at: Date): Promise<OutboxEvent> {
  const [id] = await trx('outbox').insert({ type, payload: JSON.stringify(data), created_at: at });
  return { id: Number(id), type, occurred_at: at.toISOString(), data };
}

export async function listEventsAfter(db: Db, afterId: number, limit: number): Promise<OutboxEvent[]> {
  const rows = await db<OutboxRow>('outbox')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .select('id', 'type', 'payload', 'created_at');
  return rows.map(toEvent);
}

export async function oldestEventId(db: Db): Promise<number | null> {
  const row = await db('outbox').min({ id: 'id' }).first();
  return row?.id == null ? null : Number(row.id);
}

export async function latestEventId(db: Db): Promise<number> {
  const row = await db('outbox').max({ id: 'id' }).first();
  return row?.id == null ? 0 : Number(row.id);
}

export async function listUnpublishedBefore(db: Db, before: Date, limit: number): Promise<OutboxEvent[]> {
  const rows = await db<OutboxRow>('outbox')
    .whereNull('published_at')
    .where('created_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .select('id', 'type', 'payload', 'created_at');
  return rows.map(toEvent);
}

export async function markPublished(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db('outbox').whereIn('id', ids).whereNull('published_at').update({ published_at: at });
}

export async function oldestUnpublishedAt(db: Db): Promise<Date | null> {
  const row = await db('outbox').whereNull('published_at').min({ at: 'created_at' }).first();
  return row?.at ?? null;
}

/** Published rows past retention go; an unpublished one is kept whatever its age — it is still owed to someone. */
export async function pruneEvents(db: Db, before: Date): Promise<number> {
  return db('outbox').where('created_at', '<', before).whereNotNull('published_at').delete();
}
