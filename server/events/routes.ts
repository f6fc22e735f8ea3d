import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import type { Db } from '../db/knex';
import { GoneError } from '../errors';
import { operations } from '../http/operations';
import { list } from '../http/schemas';
import { parse } from '../http/validate';
import { latestEventId, listEventsAfter, oldestEventId } from './repository';
import { liveEventJson } from './schemas';

const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const position = z.number().int().min(0);

export const eventOperations = operations('admin', {
  'GET /': {
    summary: 'Catch up: the events after an id, oldest first',
    description: 'After every (re)connect of the live feed; 410 `events_expired`: reload the snapshot instead.',
    query: eventsQuery,
    responses: {
      200: list(
        liveEventJson,
        z.object({ after: position, next_after: position, latest_id: position, has_more: z.boolean() }),
      ),
    },
    errors: { 410: ['events_expired'] },
  },
});

/**
 * Admins only: catch-up after a reconnect. When events after `after` have been
 * pruned the page cannot be patched any more: 410 events_expired tells it to
 * load a fresh snapshot instead of silently showing stale data.
 */
export function eventRoutes(db: Db, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);
  router.get('/', async (req, res) => {
    const { after, limit } = parse(eventsQuery, req.query);
    const [events, oldest, latest] = await Promise.all([
      listEventsAfter(db, after, limit),
      oldestEventId(db),
      latestEventId(db),
    ]);
    if (after > 0 && oldest !== null && after + 1 < oldest) {
      throw new GoneError('events_expired', 'Events after this id are no longer kept; reload the snapshot');
    }
    const last = events.at(-1)?.id ?? after;
    res.json({
      success: true,
      data: events,
      meta: { after, next_after: last, latest_id: latest, has_more: last < latest },
    });
  });
  return router;
}
