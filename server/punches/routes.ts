import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { operations } from '../http/operations';
import { pagedJson, pageQuery } from '../http/pagination';
import { idParam } from '../http/params';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import { employeeCode } from '../users/employee-code';
import { punchAnswerJson, punchJson } from './schemas';
import type { PunchService } from './service';

/** The most entries one batch may carry; a kiosk with more sends several. */
export const MAX_PUNCHES_PER_BATCH = 500;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
// A kiosk's crypto.randomUUID(), or a fingerprint machine's own record number.
export const punchClientId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits, . _ : or -, at most 64');
const punchEntry = z.strictObject({
  client_id: punchClientId,
  employee_code: employeeCode,
  pin: z.string().regex(/^\d{4,6}$/, '4 to 6 digits'),
  kind: z.enum(['in', 'out']),
  at: instant,
});
const punchBatch = z.strictObject({
  sent_at: instant,
  entries: z.array(punchEntry).min(1).max(MAX_PUNCHES_PER_BATCH),
});
const punchListQuery = z.object({ ...pageQuery, result: z.enum(['applied', 'rejected']).optional() });

/** Kiosks and fingerprint-machine bridges, with their device token. */
export function punchRoutes(punches: PunchService, guards: Guards): Router {
  const router = Router();
  router.use(guards.device);
  router.post('/', async (req, res) => {
    const batch = parse(punchBatch, req.body);
    res.json({ success: true, data: await punches.receive(req.device!, batch) });
  });
  return router;
}

/** Admins only: what a device sent from its queue, the refused entries first of all. */
export function devicePunchRoutes(punches: PunchService, guards: Guards): Router {
  const router = Router();
  // Guarded per route: this router shares /api/admin/devices, and other paths there pass through untouched.
  router.get('/:id/punches', ...guards.admin, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const { page, per_page, result } = parse(punchListQuery, req.query);
    res.json({ success: true, ...(await punches.list(id, { result }, page, per_page)) });
  });
  return router;
}

export const punchOperations = operations('device', {
  'POST /': {
    summary: 'A kiosk or fingerprint bridge sends entries it stored offline',
    description:
      'Up to 500 entries, one answer each in the order sent; idempotent per (device, client_id). A batch whose `sent_at` is off the server clock by more than PUNCH_MAX_SKEW_SECONDS gets 422 `clock_skew`.',
    body: punchBatch,
    responses: { 200: ok(z.array(punchAnswerJson)) },
    errors: { 422: ['clock_skew'] },
  },
});

export const devicePunchOperations = operations('admin', {
  'GET /:id/punches': {
    summary: 'The entries a device sent from its offline queue, newest first',
    query: punchListQuery,
    responses: { 200: pagedJson(punchJson) },
  },
});
