import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import type { SessionRegistry } from '../auth/session-registry';
import { operations } from '../http/operations';
import { pagedJson, pagedListRoute, pageQuery } from '../http/pagination';
import { idParam } from '../http/params';
import { ok } from '../http/schemas';
import { changeOf, parse } from '../http/validate';
import { employeeCode } from './employee-code';
import { userJson } from './schemas';
import type { UserService } from './service';
import { ROLES } from './types';

const fields = {
  name: z.string().trim().min(1).max(120),
  employee_code: employeeCode,
  email: z.string().trim().toLowerCase().email().max(190).nullable(),
  password: z.string().min(8, 'at least 8 characters').max(200),
  pin: z.string().regex(/^\d{4,6}$/, '4 to 6 digits'),
  role: z.enum(ROLES),
  active: z.boolean(),
  schedule_id: z.number().int().positive().nullable(),
};

const createBody = z.strictObject({
  ...fields,
  email: fields.email.optional(),
  password: fields.password.optional(),
  pin: fields.pin.optional(),
  role: fields.role.optional(),
  active: fields.active.optional(),
  schedule_id: fields.schedule_id.optional(),
});
const updateBody = changeOf(fields);
const listQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  role: fields.role.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

const taken = { 409: ['employee_code_taken', 'email_taken'] } as const;

export const userOperations = operations('admin', {
  'GET /': { summary: 'Users, by name', query: listQuery, responses: { 200: pagedJson(userJson) } },
  'GET /:id': { summary: 'One user', responses: { 200: ok(userJson) } },
  'POST /': {
    summary: 'Add a user (an employee unless told)',
    body: createBody,
    responses: { 201: ok(userJson) },
    errors: taken,
  },
  'PATCH /:id': {
    summary: 'Change a user; deactivating or a new password ends their other sessions',
    body: updateBody,
    responses: { 200: ok(userJson) },
    errors: { 409: [...taken[409], 'cannot_lock_yourself_out'] },
  },
});

/** Admins only. */
export function userRoutes(users: UserService, sessions: SessionRegistry, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/', pagedListRoute(listQuery, users.list));

  router.get('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json({ success: true, data: await users.get(id) });
  });

  router.post('/', async (req, res) => {
    res.status(201).json({ success: true, data: await users.create(parse(createBody, req.body)) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(idParam, req.params);
    const changes = parse(updateBody, req.body);
    const user = await users.update(id, changes, req.user!.id);
    // A deactivated account, or one whose password changed, keeps no other session; an admin changing their own password stays signed in here.
    if (changes.active === false || changes.password !== undefined)
      await sessions.endSessionsOf(id, id === req.user!.id ? req.sessionID : undefined);
    res.json({ success: true, data: user });
  });

  return router;
}
