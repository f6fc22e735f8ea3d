import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { bearerToken } from '../http/bearer';
import { operations } from '../http/operations';
import { pagedJson, pageQuery } from '../http/pagination';
import { calendarDay, idParam } from '../http/params';
import { instant, list, ok } from '../http/schemas';
import { changeOf, parse } from '../http/validate';
import type { DeviceAdminService } from './admin-service';
import type { HeartbeatService } from './heartbeat-service';
import type { PingService } from './ping-service';
import {
  availabilityJson,
  deviceJson,
  deviceWithTokenJson,
  heartbeatAnswerJson,
  pingAnswerJson,
  pingTargetJson,
  statusEventJson,
} from './schemas';
import { MIN_THRESHOLDS } from './thresholds';

// The least each threshold may be is MIN_THRESHOLDS (thresholds.ts); at the other end, a device is given at most
// a week before it counts as gone.
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);
const deviceFields = {
  name: z.string().trim().min(1).max(120),
  location: z.string().trim().max(190).nullable(),
  heartbeat_interval_seconds: seconds(MIN_THRESHOLDS.heartbeat_interval_seconds, 3600),
  offline_after_seconds: seconds(MIN_THRESHOLDS.offline_after_seconds, 24 * 3600),
  disconnect_after_seconds: seconds(MIN_THRESHOLDS.disconnect_after_seconds, 7 * 24 * 3600),
  remote_control_enabled: z.boolean(),
};
const createBody = z.strictObject(deviceFields).partial().required({ name: true });
const updateBody = changeOf(deviceFields);
const reconnectBody = z.strictObject({ delay_seconds: z.number().int().min(0).max(3600).default(0) });
const eventsQuery = z.object(pageQuery);
const maintenanceBody = z.strictObject({ until: z.iso.datetime({ offset: true }).transform((v) => new Date(v)) });
const availabilityQuery = z
  .object({ from: calendarDay.optional(), to: calendarDay.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

// Kiosk apps may send more than we store; what we store is checked, the rest is ignored.
const heartbeatBody = z.object({
  battery_level: z.number().int().min(0).max(100).optional(),
  wifi_strength: z.number().int().min(-127).max(100).optional(),
  app_version: z.string().trim().min(1).max(64).optional(),
});

const pingResult = z.strictObject({
  device_id: z.number().int().positive(),
  reachable: z.boolean(),
  latency_ms: z.number().min(0).max(600_000).optional(),
});
const pingBatch = z.strictObject({ results: z.array(pingResult).min(1).max(500) });
const needingPingQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(1000) });

export const heartbeatOperations = operations('device', {
  'POST /api/devices/heartbeat': {
    checkedInHandler: true,
    summary: "A kiosk's heartbeat, with what it knows of itself",
    description: 'The answer says when to beat next and carries a reconnect request once. See the device protocol.',
    body: heartbeatBody,
    bodyOptional: true,
    responses: { 200: heartbeatAnswerJson },
    errors: { 429: ['heartbeat_rate_limited'] },
  },
});

/** A device, by its token (Bearer): the heartbeat service checks it as its first step, so the route takes no guard. */
export function heartbeatRoute(heartbeats: HeartbeatService) {
  return async (req: Request, res: Response) => {
    const telemetry = parse(heartbeatBody, req.body ?? {});
    res.json(await heartbeats.heartbeat(bearerToken(req), req.ip ?? null, telemetry));
  };
}

const device = ok(deviceJson);

export const deviceAdminOperations = operations('admin', {
  'GET /': {
    summary: 'Every device with its live status',
    responses: { 200: list(deviceJson, z.object({ server_time: instant })) },
  },
  'POST /': {
    summary: 'Register a device; the answer shows its token once',
    description: 'Thresholds must be interval < offline_after < disconnect_after.',
    body: createBody,
    responses: { 201: ok(deviceWithTokenJson) },
  },
  'GET /:id': { summary: 'One device', responses: { 200: device } },
  'PATCH /:id': { summary: 'Change a device', body: updateBody, responses: { 200: device } },
  'DELETE /:id': { summary: 'Delete a device: its token stops working at once', responses: { 204: null } },
  'GET /:id/events': {
    summary: 'Its status history, newest first (reconnect requests and deliveries too)',
    query: eventsQuery,
    responses: { 200: pagedJson(statusEventJson) },
  },
  'POST /:id/reconnect': {
    summary: 'Ask the device to reconnect: its next heartbeat answer says so',
    body: reconnectBody,
    bodyOptional: true,
    responses: { 200: device },
  },
  'PUT /:id/maintenance': {
    summary: 'Open a maintenance window until a time (or move its end): no alerts meanwhile',
    body: maintenanceBody,
    responses: { 200: device },
  },
  'DELETE /:id/maintenance': { summary: 'End maintenance now', responses: { 200: device } },
  'GET /:id/availability': {
    summary: 'Availability per org-local day (the last 7 unless told, at most 62)',
    query: availabilityQuery,
    responses: { 200: ok(availabilityJson) },
  },
  'POST /:id/rotate-token': {
    summary: 'A new token for the device; the old one stops working',
    responses: { 200: ok(deviceWithTokenJson) },
  },
});

/** Admins only. */
export function deviceAdminRoutes(devices: DeviceAdminService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);
  const id = (req: Request) => parse(idParam, req.params).id;

  router.get('/', async (_req, res) => res.json({ success: true, ...(await devices.list()) }));
  router.post('/', async (req, res) =>
    res.status(201).json({ success: true, data: await devices.create(parse(createBody, req.body)) }),
  );
  router.get('/:id', async (req, res) => res.json({ success: true, data: await devices.get(id(req)) }));
  router.patch('/:id', async (req, res) =>
    res.json({ success: true, data: await devices.update(id(req), parse(updateBody, req.body)) }),
  );
  router.delete('/:id', async (req, res) => {
    await devices.remove(id(req));
    res.status(204).end();
  });
  router.get('/:id/events', async (req, res) => {
    const { page, per_page } = parse(eventsQuery, req.query);
    res.json({ success: true, ...(await devices.events(id(req), page, per_page)) });
  });
  router.post('/:id/reconnect', async (req, res) => {
    const { delay_seconds } = parse(reconnectBody, req.body ?? {});
    res.json({ success: true, data: await devices.requestReconnect(id(req), delay_seconds) });
  });
  router.put('/:id/maintenance', async (req, res) => {
    const { until } = parse(maintenanceBody, req.body);
    res.json({ success: true, data: await devices.setMaintenance(id(req), until, req.user!.id) });
  });
  router.delete('/:id/maintenance', async (req, res) =>
    res.json({ success: true, data: await devices.endMaintenance(id(req), req.user!.id) }),
  );
  router.get('/:id/availability', async (req, res) => {
    const { from, to } = parse(availabilityQuery, req.query);
    res.json({ success: true, data: await devices.availability(id(req), from, to) });
  });
  router.post('/:id/rotate-token', async (req, res) =>
    res.json({ success: true, data: await devices.rotateToken(id(req)) }),
  );
  return router;
}

export const externalServiceOperations = operations('service', {
  'GET /devices-needing-ping': {
    summary: 'Devices that missed at least one heartbeat interval (or were never heard)',
    query: needingPingQuery,
    responses: { 200: ok(z.array(pingTargetJson)) },
  },
  'POST /ping': {
    summary: "One ping's result; a heartbeat younger than the interval always wins",
    body: pingResult,
    responses: { 200: z.object({ success: z.literal(true), ...pingAnswerJson.shape }) },
  },
  'POST /ping-batch': {
    summary: 'Up to 500 results, one answer each, in order',
    body: pingBatch,
    responses: { 200: ok(z.array(pingAnswerJson)) },
  },
});

/** Only the external ping service, with its service token. */
export function externalServiceRoutes(pings: PingService, guards: Guards): Router {
  const router = Router();
  router.use(guards.service);
  router.get('/devices-needing-ping', async (req, res) => {
    const { limit } = parse(needingPingQuery, req.query);
    res.json({ success: true, data: await pings.devicesNeedingPing(limit) });
  });
  router.post('/ping', async (req, res) => {
    res.json({ success: true, ...(await pings.record(parse(pingResult, req.body))) });
  });
  router.post('/ping-batch', async (req, res) => {
    const { results } = parse(pingBatch, req.body);
    const answers = [];
    for (const result of results) answers.push(await pings.record(result));
    res.json({ success: true, data: answers });
  });
  return router;
}
