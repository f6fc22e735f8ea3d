import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { clockTime, reason } from '../http/clock-time';
import { calendarDay, idParam } from '../http/params';
import { parse } from '../http/validate';
import type { AttendanceCorrections } from './correction-service';

const createBody = z.strictObject({
  user_id: z.number().int().positive(),
  date: calendarDay,
  jam_masuk: clockTime,
  jam_pulang: clockTime.nullable().optional(),
  reason,
});
const changeBody = z
  .strictObject({ jam_masuk: clockTime.optional(), jam_pulang: clockTime.nullable().optional(), reason })
  .refine((body) => body.jam_masuk !== undefined || body.jam_pulang !== undefined, 'send jam_masuk or jam_pulang');

/** Admins only: attendances written or corrected by an admin, and their audit trail. */
export function adminAttendanceRoutes(corrections: AttendanceCorrections, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.post('/', async (req, res) => {
    const { reason: why, ...input } = parse(createBody, req.body);
    res
      .status(201)
      .json({ success: true, data: await corrections.create(input, { actorId: req.user!.id, reason: why }) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { reason: why, ...change } = parse(changeBody, req.body);
    res.json({ success: true, data: await corrections.change(id, change, { actorId: req.user!.id, reason: why }) });
  });

  router.get('/:id/audit', async (req, res) => {
    res.json({ success: true, data: await corrections.audit(parse(idParam, req.params).id) });
  });

  return router;
}
