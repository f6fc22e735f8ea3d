import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { clockTime, reason } from '../http/clock-time';
import { pageQuery } from '../http/pagination';
import { calendarDay, idParam } from '../http/params';
import { parse } from '../http/validate';
import type { CorrectionService } from './service';

const requestBody = z.strictObject({
  date: calendarDay,
  jam_masuk: clockTime.optional(),
  jam_pulang: clockTime.optional(),
  reason,
});
const listQuery = z.object({ ...pageQuery, status: z.enum(['pending', 'approved', 'rejected']).optional() });
const approveBody = z.strictObject({ reason: reason.optional() });
const rejectBody = z.strictObject({ reason });

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
