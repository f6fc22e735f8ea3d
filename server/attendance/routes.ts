import { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { operations } from '../http/operations';
import { pagedJson, pageQuery } from '../http/pagination';
import { calendarDay, positiveIntQuery } from '../http/params';
import { list, ok } from '../http/schemas';
import { parse } from '../http/validate';
import { punchClientId } from '../punches/routes';
import type { PunchService } from '../punches/service';
import { employeeCode } from '../users/employee-code';
import { SORTABLE, type SortField } from './repository';
import { attendanceJson, mineMetaJson, todayMetaJson } from './schemas';
import type { AttendanceService } from './service';
import { ATTENDANCE_STATUSES } from './types';

const historyQuery = z
  .object({
    ...pageQuery,
    date_from: calendarDay.optional(),
    date_to: calendarDay.optional(),
    user_id: positiveIntQuery.optional(),
    status: z.enum(ATTENDANCE_STATUSES).optional(),
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

const checkInErrors = { 409: ['already_checked_in'] } as const;
const checkOutErrors = { 409: ['not_checked_in', 'already_checked_out'] } as const;

export const attendanceOperations = operations('employee', {
  'POST /check-in': {
    summary: 'The signed-in employee checks in',
    responses: { 201: ok(attendanceJson) },
    errors: checkInErrors,
  },
  'POST /check-out': {
    summary: 'The signed-in employee checks out',
    responses: { 200: ok(attendanceJson) },
    errors: checkOutErrors,
  },
  'GET /mine': {
    summary: 'Their own history, and which org-local day is today',
    description: 'Takes the history query; `user_id`, `q` and `missing_check_out` are checked but change nothing here.',
    query: historyQuery,
    responses: { 200: list(attendanceJson, mineMetaJson) },
  },
  'GET /today': {
    who: 'admin',
    summary: "Today's attendances, newest first, and who is missing",
    description: 'Read `meta.last_event_id` before the snapshot: catching up from it can only repeat events.',
    responses: { 200: list(attendanceJson, todayMetaJson) },
  },
  'GET /': {
    who: 'admin',
    summary: "Everyone's history, filtered and sorted",
    query: historyQuery,
    responses: { 200: pagedJson(attendanceJson) },
  },
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
    res.json({ success: true, data: await attendance.checkOut(req.user!) });
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

const pinErrors = { 401: ['invalid_pin'], 403: ['forbidden'], 429: ['too_many_attempts'] } as const;

export const kioskOperations = operations('device', {
  'POST /check-in': {
    summary: 'A kiosk checks an employee in by code and PIN',
    body: kioskBody,
    responses: { 201: ok(attendanceJson) },
    errors: { ...pinErrors, 409: [...checkInErrors[409], 'duplicate_entry'] },
  },
  'POST /check-out': {
    summary: 'A kiosk checks an employee out by code and PIN',
    body: kioskBody,
    responses: { 200: ok(attendanceJson) },
    errors: { ...pinErrors, 409: [...checkOutErrors[409], 'duplicate_entry'] },
  },
});

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
    res.json({ success: true, data: await attendance.checkOut(employee, time) });
  });

  return router;
}
