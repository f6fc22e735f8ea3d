import { Router } from 'express';
import { z } from 'zod';
import { attendanceJson } from '../attendance/schemas';
import type { Guards } from '../auth/guards';
import { clockTime, reason } from '../http/clock-time';
import { operations } from '../http/operations';
import { pagedJson, pageQuery } from '../http/pagination';
import { calendarDay, idParam } from '../http/params';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import { correctionJson } from './schemas';
import type { CorrectionService } from './service';
import { CORRECTION_STATUSES } from './types';

const requestBody = z.strictObject({
  date: calendarDay,
  jam_masuk: clockTime.optional(),
  jam_pulang: clockTime.optional(),
  reason,
});
const listQuery = z.object({ ...pageQuery, status: z.enum(CORRECTION_STATUSES).optional() });
const approveBody = z.strictObject({ reason: reason.optional() });
const rejectBody = z.strictObject({ reason });

export const employeeCorrectionOperations = operations('employee', {
  'POST /': {
    summary: 'Ask for a correction of their own attendance of a day',
    body: requestBody,
    responses: { 201: ok(correctionJson) },
  },
  'GET /': {
    summary: 'Their own requests, newest first',
    query: listQuery,
    responses: { 200: pagedJson(correctionJson) },
  },
});

const decided = { 409: ['correction_decided'] } as const;

export const adminCorrectionOperations = operations('admin', {
  'GET /': { summary: 'Every request, newest first', query: listQuery, responses: { 200: pagedJson(correctionJson) } },
  'POST /:id/approve': {
    summary: 'Approve: the change is applied as an audited admin write',
    body: approveBody,
    bodyOptional: true,
    responses: { 200: ok(z.object({ correction: correctionJson, attendance: attendanceJson })) },
    errors: { 409: [...decided[409], 'nothing_to_correct'] },
  },
  'POST /:id/reject': {
    summary: 'Reject, saying why',
    body: rejectBody,
    responses: { 200: ok(z.object({ correction: correctionJson })) },
    errors: decided,
  },
});

/** Employees only: ask for a correction of their own attendance, and see their own requests. */
export function employeeCorrectionRoutes(corrections: CorrectionService, guards: Guards): Router {
  const router = Router();
  router.use(guards.employee);

  router.post('/', async (req, res) => {
    res
      .status(201)
      .json({ success: true, data: await corrections.request(req.user!.id, parse(requestBody, req.body)) });
  });

  router.get('/', async (req, res) => {
    const { page, per_page, status } = parse(listQuery, req.query);
    res.json({ success: true, ...(await corrections.list({ user_id: req.user!.id, status }, page, per_page)) });
  });

  return router;
}

/** Admins only: every request, and the decision on each. */
export function adminCorrectionRoutes(corrections: CorrectionService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/', async (req, res) => {
    const { page, per_page, status } = parse(listQuery, req.query);
    res.json({ success: true, ...(await corrections.list({ status }, page, per_page)) });
  });

  router.post('/:id/approve', async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { reason: why } = parse(approveBody, req.body ?? {});
    res.json({ success: true, data: await corrections.approve(id, req.user!.id, why ?? null) });
  });

  router.post('/:id/reject', async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { reason: why } = parse(rejectBody, req.body ?? {});
    res.json({ success: true, data: await corrections.reject(id, req.user!.id, why) });
  });

  return router;
}
