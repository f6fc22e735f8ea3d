import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

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

/** What one app node measures of itself; the cluster-wide gauges are the scheduler's (cluster-metrics.ts). */
export function createAppMetrics(
  registry: Registry,
  deps: { connectedSockets: () => number; frameBudget: () => number },
) {
  const httpDuration = new Histogram({
    name: 'absensi_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'absensi_socketio_connected_admins',
    help: 'Admin sockets connected to this node',
    registers: [registry],
    collect() {
      this.set(deps.connectedSockets());
    },
  });
  new Gauge({
    name: 'absensi_socketio_frame_budget_per_second',
    help: 'Frames per second this node allows itself to write to its admins; below REALTIME_FRAMES_PER_SECOND while it is overloaded',
    registers: [registry],
    collect() {
      this.set(deps.frameBudget());
    },
  });
  const socketConnections = new Counter({
    name: 'absensi_socketio_connections_total',
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
