import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { WEEKDAYS } from '../calendar/types';
import { operations } from '../http/operations';
import { idParam } from '../http/params';
import { list, ok } from '../http/schemas';
import { changeOf, parse } from '../http/validate';
import { defaultScheduleJson, hhmm, scheduleJson } from './schemas';
import type { ScheduleService } from './service';

const fields = {
  name: z.string().trim().min(1).max(120),
  work_start: hhmm,
  work_end: hhmm,
  late_tolerance_minutes: z.number().int().min(0).max(240),
  work_days: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .max(7)
    .transform((days) => WEEKDAYS.filter((day) => days.includes(day))),
  crosses_midnight: z.boolean(),
};
const createBody = z.strictObject({ ...fields, crosses_midnight: fields.crosses_midnight.default(false) });
const updateBody = changeOf(fields);

const nameTaken = { 409: ['schedule_name_taken'] } as const;

export const scheduleOperations = operations('admin', {
  'GET /': {
    summary: 'The named schedules; `meta.default` is the one everyone without a schedule follows',
    responses: { 200: list(scheduleJson, z.object({ default: defaultScheduleJson })) },
  },
  'POST /': { summary: 'Add a schedule', body: createBody, responses: { 201: ok(scheduleJson) }, errors: nameTaken },
  'PATCH /:id': {
    summary: 'Change a schedule (from the next check-in on)',
    body: updateBody,
    responses: { 200: ok(scheduleJson) },
    errors: nameTaken,
  },
  'DELETE /:id': {
    summary: 'Delete a schedule nobody follows',
    responses: { 204: null },
    errors: { 409: ['schedule_in_use'] },
  },
});

/** Admins only. */
export function scheduleRoutes(schedules: ScheduleService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/', async (_req, res) => {
    res.json({ success: true, ...(await schedules.list()) });
  });

  router.post('/', async (req, res) => {
    res.status(201).json({ success: true, data: await schedules.create(parse(createBody, req.body), req.user!.id) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json({ success: true, data: await schedules.update(id, parse(updateBody, req.body), req.user!.id) });
  });

  router.delete('/:id', async (req, res) => {
    await schedules.remove(parse(idParam, req.params).id, req.user!.id);
    res.status(204).end();
  });

  return router;
}
