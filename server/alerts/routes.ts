import { type Request, Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { operations } from '../http/operations';
import { pagedJson, pagedListRoute, pageQuery } from '../http/pagination';
import { idParam, positiveIntQuery } from '../http/params';
import { ok } from '../http/schemas';
import { changeOf, parse } from '../http/validate';
import { alertChannelJson, alertDeliveryJson, createdAlertChannelJson } from './schemas';
import type { AlertService } from './service';
import { DELIVERY_OUTCOMES } from './types';

// Receivers on private or loopback addresses are allowed: offices run them inside their own network.
const url = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2000);
const common = {
  name: z.string().trim().min(1).max(120),
  device_alerts: z.boolean(),
  digest: z.boolean(),
  enabled: z.boolean(),
};
const kindFields = {
  url,
  secret: z.string().min(16, 'at least 16 characters').max(200),
  // The Bot API's token shape (digits, a colon, the key) and a chat id or @channel name.
  bot_token: z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'expected a bot token like 123456:ABC…'),
  chat_id: z
    .string()
    .trim()
    .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'a numeric chat id or an @channel name'),
  addresses: z.array(z.email()).min(1).max(20),
};
const settings = z.strictObject(common).partial().required({ name: true }).shape;
const { secret, bot_token, chat_id, addresses } = kindFields;
const createBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), ...settings, url, secret: secret.optional() }),
  z.strictObject({ kind: z.literal('telegram'), ...settings, bot_token, chat_id }),
  z.strictObject({ kind: z.literal('email'), ...settings, addresses }),
]);
const updateBody = changeOf({ ...common, ...kindFields });
const deliveriesQuery = z.object({
  ...pageQuery,
  channel_id: positiveIntQuery.optional(),
  device_id: positiveIntQuery.optional(),
  outcome: z.enum(DELIVERY_OUTCOMES).optional(),
});

export const alertChannelOperations = operations('admin', {
  'GET /': { summary: 'Every alert channel, by name', responses: { 200: ok(z.array(alertChannelJson)) } },
  'POST /': {
    summary: 'Add a webhook, Telegram or email channel',
    description: 'A webhook without `secret` gets one generated, shown in this answer only.',
    body: createBody,
    responses: { 201: ok(createdAlertChannelJson) },
  },
  'PATCH /:id': { summary: 'Change a channel', body: updateBody, responses: { 200: ok(alertChannelJson) } },
  'DELETE /:id': { summary: 'Delete a channel', responses: { 204: null } },
  'POST /:id/test': {
    summary: 'Send a test message now; the answer is its delivery',
    responses: { 200: ok(alertDeliveryJson) },
  },
});

export const alertDeliveryOperations = operations('admin', {
  'GET /': {
    summary: 'Every delivery attempt, newest first',
    query: deliveriesQuery,
    responses: { 200: pagedJson(alertDeliveryJson) },
  },
});

/** Admins only. */
export function alertChannelRoutes(alerts: AlertService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);
  const id = (req: Request) => parse(idParam, req.params).id;

  router.get('/', async (_req, res) => res.json({ success: true, data: await alerts.list() }));
  router.post('/', async (req, res) =>
    res.status(201).json({ success: true, data: await alerts.create(parse(createBody, req.body), req.user!.id) }),
  );
  router.patch('/:id', async (req, res) =>
    res.json({ success: true, data: await alerts.update(id(req), parse(updateBody, req.body), req.user!.id) }),
  );
  router.delete('/:id', async (req, res) => {
    await alerts.remove(id(req), req.user!.id);
    res.status(204).end();
  });
  router.post('/:id/test', async (req, res) =>
    res.json({ success: true, data: await alerts.test(id(req), req.user!.id) }),
  );
  return router;
}

/** Admins only: every delivery attempt, newest first. */
export function alertDeliveryRoutes(alerts: AlertService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);
  router.get(
    '/',
    pagedListRoute(deliveriesQuery, (filter, page, perPage) => alerts.deliveries(filter, page, perPage)),
  );
  return router;
}
