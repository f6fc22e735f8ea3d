import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { UnauthorizedError } from '../errors';
import { operations } from '../http/operations';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import { findUserById } from '../users/repository';
import { userJson } from '../users/schemas';
import { toUserJson } from '../users/types';
import type { Guards } from './guards';
import type { AuthService } from './service';
import { SESSION_COOKIE } from './session';
import type { SessionRegistry } from './session-registry';

const loginBody = z.object({
  email: z.string().trim().toLowerCase().email().max(190),
  password: z.string().min(1).max(200),
});

const signedIn = ok(z.object({ user: userJson }));

export const authOperations = operations('session', {
  'POST /login': {
    summary: 'Sign in with email and password; the answer sets the session cookie',
    body: loginBody,
    responses: { 200: signedIn },
    errors: { 401: ['invalid_credentials'], 403: ['account_inactive'], 429: ['too_many_attempts'] },
  },
  'POST /logout': { summary: 'Sign out: the session ends', responses: { 204: null } },
  'GET /me': { summary: 'Who is signed in', responses: { 200: signedIn }, errors: { 401: ['unauthorized'] } },
});

/** Anyone: signing in, out, and asking who is signed in. */
export function authRoutes(db: Db, auth: AuthService, sessions: SessionRegistry, guards: Guards): Router {
  const router = Router();
  router.use(guards.session);

  router.post('/login', async (req, res) => {
    const { email, password } = parse(loginBody, req.body);
    const user = await auth.login(email, password, req.ip ?? 'unknown');
    // A new session id on login, so a session fixed before it is worth nothing.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user.id;
    // Stored before it is indexed: a parallel login prunes the index of ids whose session is not in the store.
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    await sessions.remember(user.id, req.sessionID);
    res.json({ success: true, data: { user } });
  });

  router.post('/logout', async (req, res) => {
    if (req.session.userId !== undefined) await sessions.forget(req.session.userId, req.sessionID);
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie(SESSION_COOKIE).status(204).end();
  });

  router.get('/me', async (req, res) => {
    const row = req.session.userId === undefined ? undefined : await findUserById(db, req.session.userId);
    if (!row?.active) throw new UnauthorizedError();
    res.json({ success: true, data: { user: toUserJson(row) } });
  });

  return router;
}
