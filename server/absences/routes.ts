import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { operations } from '../http/operations';
import { pagedJson, pagedListRoute, pageQuery } from '../http/pagination';
import { calendarDay, idParam, positiveIntQuery } from '../http/params';
import { ok } from '../http/schemas';
import { changeOf, parse } from '../http/validate';
import { absenceJson } from './schemas';
import type { AbsenceService } from './service';
import { ABSENCE_KINDS } from './types';

const fields = {
  date_from: calendarDay,
  date_to: calendarDay,
  kind: z.enum(ABSENCE_KINDS),
  note: z.string().trim().max(500).nullable(),
};
const createBody = z.strictObject({
  user_id: z.number().int().positive(),
  ...fields,
  note: fields.note.optional().transform((note) => note || null),
});
const updateBody = changeOf(fields);
const listQuery = z.object({
  ...pageQuery,
  date_from: calendarDay.optional(),
  date_to: calendarDay.optional(),
  user_id: positiveIntQuery.optional(),
  kind: z.enum(ABSENCE_KINDS).optional(),
});

const mineQuery = z.object(pageQuery);

export const employeeAbsenceOperations = operations('employee', {
  'GET /': {
    summary: 'Their own absences, newest first',
    query: mineQuery,
    responses: { 200: pagedJson(absenceJson) },
  },
});

const overlaps = { 409: ['absence_overlaps'] } as const;

export const absenceOperations = operations('admin', {
  'GET /': { summary: 'Absences, newest first', query: listQuery, responses: { 200: pagedJson(absenceJson) } },
  'POST /': {
    summary: 'Record an absence over a range of days',
    body: createBody,
    responses: { 201: ok(absenceJson) },
    errors: { 404: ['not_found'], ...overlaps },
  },
  'PATCH /:id': {
    summary: 'Change an absence',
    body: updateBody,
    responses: { 200: ok(absenceJson) },
    errors: overlaps,
  },
  'DELETE /:id': { summary: 'Delete an absence', responses: { 204: null } },
});

/** Employees only: their own absences, so their page shows the days HR recorded. */
export function employeeAbsenceRoutes(absences: AbsenceService, guards: Guards): Router {
  const router = Router();
  router.use(guards.employee);
  router.get('/', async (req, res) => {
    const { page, per_page } = parse(mineQuery, req.query);
    res.json({ success: true, ...(await absences.list({ user_id: req.user!.id }, page, per_page)) });
  });
  return router;
}

/** Admins only. */
export function absenceRoutes(absences: AbsenceService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/', pagedListRoute(listQuery, absences.list));

  router.post('/', async (req, res) => {
    res.status(201).json({ success: true, data: await absences.create(parse(createBody, req.body), req.user!.id) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json({ success: true, data: await absences.update(id, parse(updateBody, req.body), req.user!.id) });
  });

  router.delete('/:id', async (req, res) => {
    await absences.remove(parse(idParam, req.params).id, req.user!.id);
    res.status(204).end();
  });

  return router;
}
