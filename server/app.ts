import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import { absenceRoutes, employeeAbsenceRoutes } from './absences/routes';
import { createAbsenceService } from './absences/service';
import { alertChannelRoutes, alertDeliveryRoutes } from './alerts/routes';
import { createAlertService } from './alerts/service';
import { adminAttendanceRoutes } from './attendance/admin-routes';
import { createAttendanceCorrections } from './attendance/correction-service';
import { orgDate } from './attendance/org-time';
import { attendanceRoutes, kioskRoutes } from './attendance/routes';
import { createAttendanceService } from './attendance/service';
import { createDeviceAuthenticator } from './auth/device-token';
import { createFailureLimiter } from './auth/failure-limiter';
import { createGuards, type Guards } from './auth/guards';
import { authRoutes } from './auth/routes';
import { createAuthService } from './auth/service';
import { createSessionMiddleware } from './auth/session';
import { createSessionRegistry } from './auth/session-registry';
import { holidayRoutes } from './calendar/routes';
import { createHolidayService } from './calendar/service';
import type { AppContext } from './context';
import { adminCorrectionRoutes, employeeCorrectionRoutes } from './corrections/routes';
import { createCorrectionService } from './corrections/service';
import { createDeviceAdminService } from './devices/admin-service';
import { createHeartbeatService } from './devices/heartbeat-service';
import { createPingService } from './devices/ping-service';
import { createPresenceDeps } from './devices/presence-deps';
import { deviceAdminRoutes, externalServiceRoutes, heartbeatRoute } from './devices/routes';
import type { PresenceDeps } from './devices/transitions';
import { eventRoutes } from './events/routes';
import { healthRoutes } from './http/health';
import { errorHandler, notFound } from './http/middleware/error-handler';
import { originGuard } from './http/middleware/origin-guard';
import { requestId } from './http/middleware/request-id';
import { type AppMetrics, createAppMetrics, mounted } from './metrics/app-metrics';
import { apiDescriptionRoutes } from './openapi/routes';
import { PACKAGE_ROOT } from './package-root';
import { devicePunchRoutes, punchRoutes } from './punches/routes';
import { createPunchService } from './punches/service';
import { reportRoutes } from './reports/routes';
import { createReportService } from './reports/service';
import { scheduleRoutes } from './schedules/routes';
import { createScheduleService } from './schedules/service';
import { userRoutes } from './users/routes';
import { createUserService } from './users/service';
import './http/request-types';

const WEB_DIST = join(PACKAGE_ROOT, 'web', 'dist');
/** The one body allowed past 64 KiB (nginx's configs say the same for its location). */
const PUNCH_BATCH_BODY_LIMIT = '256kb';

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * express-session saves or touches the session when the response ends, and
 * reports a failure by calling next(err) afterwards. By then the request has
 * left the middleware chain, so Express's final handler gets the error and,
 * the response being sent, destroys the socket. The Redis drill showed what
 * that kills: the keep-alive connection nginx had already reused for the next
 * request, here a kiosk check-in, which failed with 502 (nginx does not replay
 * a POST). A failure after the response is only logged; before it, it goes on
 * to the error handler (503 redis_unavailable).
 */
function withoutLateErrors(middleware: RequestHandler, logger: AppContext['logger']): RequestHandler {
  return (req, res, next) =>
    middleware(req, res, (error?: unknown) => {
      if (error && res.headersSent) {
        logger.warn({ err: (error as Error).message, url: req.originalUrl }, 'Session not saved after the response');
        return;
      }
      next(error);
    });
}

interface HttpApp {
  app: Express;
  sessionMiddleware: RequestHandler;
  metrics: AppMetrics;
  presence: PresenceDeps;
  /** The app's guards: the API description's test reads which one stands in front of each route. */
  guards: Guards;
}

export function createHttpApp(
  ctx: AppContext,
  options: {
    registry: Registry;
    connectedAdmins: () => number;
    frameBudget: () => number;
    isShuttingDown: () => boolean;
  },
): HttpApp {
  const { config, db, redis } = ctx;
  const app = express();
  app.disable('x-powered-by');
  // API answers are live data that no client revalidates; hashing every body for an ETag showed up in the heartbeat
  // profile for nothing (docs/BENCHMARKS.md, first round). Static files keep their own ETags.
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(config.trustProxy));

  const metrics = createAppMetrics(options.registry, {
    connectedSockets: options.connectedAdmins,
    frameBudget: options.frameBudget,
  });
  const sessionMiddleware = withoutLateErrors(createSessionMiddleware(config, redis), ctx.logger);
  const throttle = config.throttle;
  const loginLimiter = createFailureLimiter(redis, {
    keyPrefix: `${config.redisPrefix}:rl:login`,
    maxFailuresPerAccount: throttle.loginMaxFailures,
    maxFailuresPerSource: throttle.loginMaxFailuresPerAddress,
    windowMinutes: throttle.windowMinutes,
  });
  const pinLimiter = createFailureLimiter(redis, {
    keyPrefix: `${config.redisPrefix}:rl:pin`,
    maxFailuresPerAccount: throttle.pinMaxFailures,
    maxFailuresPerSource: throttle.pinMaxFailuresPerDevice,
    windowMinutes: throttle.windowMinutes,
  });

  const attendance = createAttendanceService({ ...ctx, pinLimiter });
  const punches = createPunchService({ ...ctx, attendance });
  const attendanceCorrections = createAttendanceCorrections(ctx);
  const absences = createAbsenceService(ctx);
  const correctionRequests = createCorrectionService({ ...ctx, attendances: attendanceCorrections });
  const presence = createPresenceDeps(ctx, options.registry);
  const deviceAuth = createDeviceAuthenticator(db, presence.cache);
  const heartbeats = createHeartbeatService({ ...presence, devices: deviceAuth });
  const sessions = createSessionRegistry(redis, config);
  const guards = createGuards({ db, sessionMiddleware, devices: deviceAuth, serviceToken: config.serviceToken });

  app.use(requestId());
  // While draining, every response closes its connection. Node keeps serving
  // a busy keep-alive connection after server.close(), and nginx keeps its
  // upstream connections busy, so in the app-node drill a SIGTERMed node
  // never finished draining and was SIGKILLed 10 s later, cutting off the
  // check-ins it was serving. With "Connection: close" nginx opens new
  // connections for the next requests, the closed listener refuses them, and
  // nginx sends them to another node.
  app.use((_req, res, next) => {
    if (options.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(metrics.httpMiddleware);
  const json = express.json({ limit: '64kb' });
  // The fleet's heartbeats are most of the traffic, so they pass as few layers
  // as possible: a route of the app itself rather than a mounted router, a
  // Bearer token only (no Origin check, no session work), and no browser
  // security headers, which guard pages and scripts a browser renders, not a
  // JSON answer to a kiosk. At saturation these layers were a measurable share
  // of the nodes' CPU per heartbeat (docs/BENCHMARKS.md, fifth round).
  app.post('/api/devices/heartbeat', json, heartbeatRoute(heartbeats));
  const mount = (path: string, router: Router) => app.use(path, mounted(path), router);
  // The morning rush's check-ins and check-outs are JSON answers to a kiosk too, so they come before the security
  // headers as well; they keep the Origin rule, which a cookie would bring into force (origin-guard.ts).
  mount('/api/kiosk', kioskRoutes(attendance, punches, guards, [json, originGuard(config.allowedOrigins)]));
  // Over plain HTTP (a kiosk on the office LAN) upgrade-insecure-requests would turn every asset into a failing https:// fetch.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.session.secureCookie ? [] : null } },
    }),
  );
  app.use(healthRoutes(ctx, options.registry, options.isShuttingDown));
  // A full batch of 500 offline entries is about 100 KiB; the general parser below then finds the body read.
  app.use('/api/kiosk/punches', express.json({ limit: PUNCH_BATCH_BODY_LIMIT }));
  app.use('/api', json, originGuard(config.allowedOrigins));
  // Each router says at its top (or on each route) who may call it: see auth/guards.ts.
  mount('/api/kiosk/punches', punchRoutes(punches, guards));
  mount('/api', apiDescriptionRoutes());
  mount('/api/admin/external-service', externalServiceRoutes(createPingService(presence), guards));
  mount('/api/auth', authRoutes(db, createAuthService({ db, loginLimiter }), sessions, guards));
  mount('/api/attendances/corrections', employeeCorrectionRoutes(correctionRequests, guards));
  mount('/api/attendances/absences', employeeAbsenceRoutes(absences, guards));
  mount('/api/attendances', attendanceRoutes(attendance, guards));
  mount('/api/admin/attendances', adminAttendanceRoutes(attendanceCorrections, guards));
  mount('/api/admin/corrections', adminCorrectionRoutes(correctionRequests, guards));
  mount(
    '/api/admin/holidays',
    holidayRoutes(createHolidayService(ctx), guards, () =>
      Number(orgDate(ctx.clock(), config.org.timezone).slice(0, 4)),
    ),
  );
  mount('/api/admin/absences', absenceRoutes(absences, guards));
  mount('/api/admin/schedules', scheduleRoutes(createScheduleService(ctx), guards));
  mount('/api/admin/reports', reportRoutes(createReportService(ctx), guards));
  const alerts = createAlertService(ctx);
  mount('/api/admin/alert-channels', alertChannelRoutes(alerts, guards));
  mount('/api/admin/alert-deliveries', alertDeliveryRoutes(alerts, guards));
  mount('/api/admin/devices', devicePunchRoutes(punches, guards));
  mount('/api/admin/devices', deviceAdminRoutes(createDeviceAdminService({ ...presence, org: config.org }), guards));
  mount('/api/admin/users', userRoutes(createUserService(ctx), sessions, guards));
  mount('/api/admin/events', eventRoutes(db, guards));
  app.use('/api', notFound);
  if (existsSync(WEB_DIST)) {
    // Hashed assets never change; the page that names them must be revalidated, or a rebuild strands browsers on dead files.
    app.use(
      '/assets',
      express.static(join(WEB_DIST, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
    );
    app.use(
      express.static(WEB_DIST, { index: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }),
    );
    app.get(/^\/(?!socket\.io\/).*/, (_req, res) =>
      res.setHeader('Cache-Control', 'no-cache').sendFile('index.html', { root: WEB_DIST }),
    );
  }
  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return { app, sessionMiddleware, metrics, presence, guards };
}
