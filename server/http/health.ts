import { Router } from 'express';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../context';
import { checkDependencies, createStartupGate } from '../dependency-checks';
import { operations } from './operations';
import { errorJson } from './schemas';

const check = z.enum(['ok', 'down']);
const checksJson = z.object({ database: check, redis: check, accepting: z.enum(['ok', 'draining']) });

export const healthOperations = operations('anyone', {
  'GET /api/health': {
    summary: 'Liveness: the process answers, once it has reached MariaDB and Redis since it started',
    responses: {
      200: z.object({ status: z.literal('ok'), node: z.string() }),
      503: errorJson.extend({ node: z.string() }).meta({ description: '`starting`: not yet reached both' }),
    },
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
  const startup = createStartupGate(ctx);
  const readiness = async () => {
    const checks = { ...(await checkDependencies(ctx)), accepting: isShuttingDown() ? 'draining' : 'ok' };
    return { checks, ready: Object.values(checks).every((v) => v === 'ok') };
  };
  // The readiness check as a metric, so Prometheus can alert on a node that stays unready: one SELECT 1 and one
  // PING per scrape, this node's own, not a cluster-wide count.
  new Gauge({
    name: 'absensi_ready',
    help: '1 when this node would answer /api/ready with 200: not draining, MariaDB and Redis answering',
    registers: [registry],
    async collect() {
      this.set((await readiness()).ready ? 1 : 0);
    },
  });

  /** Liveness, once the node has reached MariaDB and Redis since its start (dependency-checks.ts). */
  router.get('/api/health', async (_req, res) => {
    if (await startup.passed()) return res.json({ status: 'ok', node: ctx.config.nodeId });
    res.status(503).json({
      success: false,
      error: { code: 'starting', message: 'This node has not reached MariaDB and Redis since it started' },
      node: ctx.config.nodeId,
    });
  });

  /** Ready only when this node can do real work: not draining, database and Redis answering. */
  router.get('/api/ready', async (_req, res) => {
    const { checks, ready } = await readiness();
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
