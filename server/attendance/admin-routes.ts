import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { clockTime, reason } from '../http/clock-time';
import { operations } from '../http/operations';
import { calendarDay, idParam } from '../http/params';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import type { AttendanceCorrections } from './correction-service';
import { attendanceJson, auditEntryJson } from './schemas';

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

export const adminAttendanceOperations = operations('admin', {
  'POST /': {
    summary: 'An attendance for a day someone forgot (source admin, audited)',
    body: createBody,
    responses: { 201: ok(attendanceJson) },
    errors: { 404: ['not_found'], 409: ['attendance_exists'] },
  },
  'PATCH /:id': {
    summary: "Correct an attendance's times (version + 1, audited)",
    body: changeBody,
    responses: { 200: ok(attendanceJson) },
  },
  'GET /:id/audit': {
    summary: 'Who changed an attendance, when, why, before and after',
    responses: { 200: ok(z.array(auditEntryJson)) },
  },
});

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
