import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Db } from '../db/knex';
import { oldestUnpublishedAt } from '../events/repository';

/**
 * Express resets req.baseUrl once a handler has thrown, so the mount path is
 * recorded on the way in (see `mounted`) and joined with the matched pattern.
 */
function routeLabel(req: Request, res: Response): string {
  if (!req.route?.path) return res.statusCode === 404 ? 'unmatched' : 'other';
  const label = `${res.locals.mount ?? req.baseUrl}${req.route.path}`;
  return label.length > 1 ? label.replace(/\/$/, '') : label;
}

/** Use in place of app.use(path, …) for API routers, so metrics can name the route. */
export function mounted(path: string) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.mount = path;
    next();
  };
}

export function createAppMetrics(
  registry: Registry,
  deps: { db: Db; queue: Queue; clock: Clock; connectedSockets: () => number; frameBudget: () => number },
) {
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'outbox_lag_seconds',
    help: 'Age of the oldest outbox event not yet emitted to admins (0 when none)',
    registers: [registry],
    async collect() {
      const oldest = await oldestUnpublishedAt(deps.db).catch(() => null);
      this.set(oldest ? Math.max(0, (deps.clock().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'broadcast_queue_depth',
    help: 'Broadcast jobs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await deps.queue
        .getJobCounts('waiting', 'active', 'delayed', 'failed')
        .catch(() => ({}) as Record<string, number>);
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'socketio_connected_admins',
    help: 'Admin sockets connected to this node',
    registers: [registry],
    collect() {
      this.set(deps.connectedSockets());
    },
  });
  new Gauge({
    name: 'socketio_frame_budget',
    help: 'Frames per second this node allows itself to write to its admins; below REALTIME_FRAMES_PER_SECOND while it is overloaded',
    registers: [registry],
    collect() {
      this.set(deps.frameBudget());
    },
  });
  const socketConnections = new Counter({
    name: 'socketio_connections_total',
    help: 'Admin socket connections accepted',
    registers: [registry],
  });

  return {
    socketConnections,
    /** Labels by the matched route pattern, never the raw URL, so the series count stays bounded. */
    httpMiddleware(req: Request, res: Response, next: NextFunction) {
      const end = httpDuration.startTimer();
      res.on('finish', () => end({ method: req.method, route: routeLabel(req, res), status: String(res.statusCode) }));
      next();
    },
  };
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;
