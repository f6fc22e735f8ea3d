import { Router } from 'express';
import { Gauge, type Registry } from 'prom-client';
import type { AppContext } from '../context';
import { checkDependencies, createStartupGate } from '../dependency-checks';

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
