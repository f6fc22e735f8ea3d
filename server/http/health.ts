import { Router } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../context';
import { operations } from './operations';
import { errorJson } from './schemas';

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const check = z.enum(['ok', 'down']);
const checksJson = z.object({ database: check, redis: check, accepting: z.enum(['ok', 'draining']) });

export const healthOperations = operations('anyone', {
  'GET /api/health': {
    summary: 'Liveness: the process answers',
    responses: { 200: z.object({ status: z.literal('ok'), node: z.string() }) },
  },
  'GET /api/ready': {
    summary: 'Readiness: not draining, the database and Redis answering',
    responses: {
      200: z.object({ status: z.literal('ready'), node: z.string(), checks: checksJson }),
      503: errorJson.extend({ node: z.string() }).meta({ description: '`not_ready`, the checks as `details`' }),
    },
  },
  'GET /metrics': {
    summary: "Prometheus metrics, on the node's own port",
    description: 'nginx answers 404 `route_not_found`: Prometheus reads each node directly.',
    responses: { 200: { 'text/plain': z.string() } },
    errors: { 404: ['route_not_found'] },
  },
});

export function healthRoutes(ctx: AppContext, registry: Registry, isShuttingDown: () => boolean): Router {
  const router = Router();

  router.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', node: ctx.config.nodeId });
  });

  /** Ready only when this node can do real work: not draining, database and Redis answering. */
  router.get('/api/ready', async (_req, res) => {
    const [database, redis] = await Promise.all([
      withTimeout(ctx.db.raw('SELECT 1'), 2000).then(
        () => 'ok',
        () => 'down',
      ),
      withTimeout(ctx.redis.ping(), 2000).then(
        () => 'ok',
        () => 'down',
      ),
    ]);
    const checks = { database, redis, accepting: isShuttingDown() ? 'draining' : 'ok' };
    const ready = Object.values(checks).every((v) => v === 'ok');
    if (ready) return res.json({ status: 'ready', node: ctx.config.nodeId, checks });
    res.status(503).json({
      success: false,
      error: { code: 'not_ready', message: 'This node cannot serve requests right now', details: checks },
      node: ctx.config.nodeId,
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  return router;
}
