import { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { pageQuery } from '../http/pagination';
import { calendarDay, positiveIntQuery } from '../http/params';
import { parse } from '../http/validate';
import { punchClientId } from '../punches/routes';
import type { PunchService } from '../punches/service';
import { employeeCode } from '../users/employee-code';
import { SORTABLE, type SortField } from './repository';
import type { AttendanceService } from './service';

const historyQuery = z
  .object({
    ...pageQuery,
    date_from: calendarDay.optional(),
    date_to: calendarDay.optional(),
    user_id: positiveIntQuery.optional(),
    status: z.enum(['present', 'late']).optional(),
    q: z.string().trim().max(100).optional(),
    missing_check_out: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    sort: z.enum(Object.keys(SORTABLE) as [SortField, ...SortField[]]).default('date'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .refine((q) => !q.date_from || !q.date_to || q.date_from <= q.date_to, {
    message: 'date_from must not be after date_to',
    path: ['date_from'],
  });
const kioskBody = z.strictObject({
  employee_code: employeeCode,
  pin: z.string().regex(/^\d{4,6}$/, '4 to 6 digits'),
  // Given, the check-in is kept under this id as if it were a synced offline entry (see the punch service).
  client_id: punchClientId.optional(),
});

/** Employees check in and out and read their own; admins read everyone's. */
export function attendanceRoutes(attendance: AttendanceService, guards: Guards): Router {
  const router = Router();

  router.post('/check-in', ...guards.employee, async (req, res) => {
    res
      .status(201)
      .json({ success: true, data: await attendance.checkIn({ employee: req.user!, source: 'web', device: null }) });
  });

  router.post('/check-out', ...guards.employee, async (req, res) => {
    res.json({ success: true, data: await attendance.checkOut(req.user!.id) });
  });

  router.get('/mine', ...guards.employee, async (req, res) => {
    const { page, per_page, sort, order, date_from, date_to, status } = parse(historyQuery, req.query);
    res.json({
      success: true,
      ...(await attendance.mine(req.user!.id, { date_from, date_to, status }, { field: sort, order }, page, per_page)),
    });
  });

  router.get('/today', ...guards.admin, async (_req, res) => {
    res.json({ success: true, ...(await attendance.today()) });
  });

  router.get('/', ...guards.admin, async (req, res) => {
    const { page, per_page, sort, order, ...filter } = parse(historyQuery, req.query);
    res.json({ success: true, ...(await attendance.history(filter, { field: sort, order }, page, per_page)) });
  });

  return router;
}

/**
 * Kiosks only, with their device token; the employee is named by code and
 * PIN. `before` runs ahead of the guard on each route (the body parser and the
 * Origin rule): the router sits in front of the app's general middleware
 * (server/app.ts), and a path it does not serve passes through untouched.
 */
export function kioskRoutes(
  attendance: AttendanceService,
  punches: PunchService,
  guards: Guards,
  before: RequestHandler[],
): Router {
  const router = Router();
  const kioskOnly = [...before, guards.device];

  /** Who, and when: now, kept under the kiosk's client_id when it sends one. */
  async function identify(req: Request, kind: 'in' | 'out') {
    const { employee_code, pin, client_id } = parse(kioskBody, req.body);
    const employee = await attendance.identifyAtKiosk(req.device!.id, employee_code, pin);
    const time = client_id ? punches.liveEntry(req.device!, { client_id, employee_code, kind }) : {};
    return { employee, time };
  }

  router.post('/check-in', ...kioskOnly, async (req, res) => {
    const { employee, time } = await identify(req, 'in');
    res.status(201).json({
      success: true,
      data: await attendance.checkIn({ employee, source: 'kiosk', device: req.device! }, time),
    });
  });

  router.post('/check-out', ...kioskOnly, async (req, res) => {
    const { employee, time } = await identify(req, 'out');
    res.json({ success: true, data: await attendance.checkOut(employee.id, time) });
  });

  return router;
}
