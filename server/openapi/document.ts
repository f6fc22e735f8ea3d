import { z } from 'zod';
import {
  createDocument,
  createSchema,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import packageJson from '../../package.json' with { type: 'json' };
import { absenceOperations, employeeAbsenceOperations } from '../absences/routes';
import { alertChannelOperations, alertDeliveryOperations } from '../alerts/routes';
import { adminAttendanceOperations } from '../attendance/admin-routes';
import { attendanceOperations, kioskOperations } from '../attendance/routes';
import { authOperations } from '../auth/routes';
import { SESSION_COOKIE } from '../auth/session';
import { holidayOperations } from '../calendar/routes';
import { adminCorrectionOperations, employeeCorrectionOperations } from '../corrections/routes';
import { deviceAdminOperations, externalServiceOperations, heartbeatOperations } from '../devices/routes';
import { eventOperations } from '../events/routes';
import { healthOperations } from '../http/health';
import type { Caller, ErrorStatus, Method, Operation, Operations, ResponseBody } from '../http/operations';
import { idParam } from '../http/params';
import { errorJson } from '../http/schemas';
import { ADMIN_NAMESPACE } from '../realtime/protocol';
import { socketEventPayloads } from '../realtime/schemas';
import { reportOperations } from '../reports/routes';
import { scheduleOperations } from '../schedules/routes';
import { userOperations } from '../users/routes';
import { apiDescriptionOperations } from './routes';

interface Mount {
  /** Where server/app.ts mounts the router ('' for routes the app holds itself). */
  path: string;
  tag: string;
  operations: Operations;
}

/**
 * Every router, where server/app.ts mounts it. Written twice, here and
 * there; tests/integration/openapi.test.ts walks the app's routes and holds
 * the two to each other. A function, because ./routes imports this module.
 */
const mounts = (): Mount[] => [
  { path: '', tag: 'health', operations: healthOperations },
  { path: '', tag: 'devices', operations: heartbeatOperations },
  { path: '/api', tag: 'api description', operations: apiDescriptionOperations },
  { path: '/api/kiosk', tag: 'kiosk', operations: kioskOperations },
  { path: '/api/admin/external-service', tag: 'ping service', operations: externalServiceOperations },
  { path: '/api/auth', tag: 'auth', operations: authOperations },
  { path: '/api/attendances/corrections', tag: 'corrections', operations: employeeCorrectionOperations },
  { path: '/api/attendances/absences', tag: 'absences', operations: employeeAbsenceOperations },
  { path: '/api/attendances', tag: 'attendances', operations: attendanceOperations },
  { path: '/api/admin/attendances', tag: 'attendances', operations: adminAttendanceOperations },
  { path: '/api/admin/corrections', tag: 'corrections', operations: adminCorrectionOperations },
  { path: '/api/admin/holidays', tag: 'calendar', operations: holidayOperations },
  { path: '/api/admin/absences', tag: 'absences', operations: absenceOperations },
  { path: '/api/admin/schedules', tag: 'schedules', operations: scheduleOperations },
  { path: '/api/admin/reports', tag: 'reports', operations: reportOperations },
  { path: '/api/admin/alert-channels', tag: 'alerts', operations: alertChannelOperations },
  { path: '/api/admin/alert-deliveries', tag: 'alerts', operations: alertDeliveryOperations },
  { path: '/api/admin/devices', tag: 'devices', operations: deviceAdminOperations },
  { path: '/api/admin/users', tag: 'users', operations: userOperations },
  { path: '/api/admin/events', tag: 'events', operations: eventOperations },
];

const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The session cookie POST /api/auth/login sets. An operation names the role it needs (admin, employee) as the scope.',
  },
  deviceToken: {
    type: 'http',
    scheme: 'bearer',
    description: "A kiosk's device token, shown once when the device is registered or its token rotated",
  },
  serviceToken: { type: 'http', scheme: 'bearer', description: "The external ping service's token (SERVICE_TOKEN)" },
} satisfies Record<string, oas31.SecuritySchemeObject>;

type Scheme = keyof typeof SECURITY_SCHEMES;

/** Who may call, as OpenAPI says it: `session` reads a session when there is one, so none is also fine. */
const SECURITY: Record<Caller, Partial<Record<Scheme, string[]>>[]> = {
  anyone: [],
  session: [{}, { session: [] }],
  admin: [{ session: ['admin'] }],
  employee: [{ session: ['employee'] }],
  device: [{ deviceToken: [] }],
  service: [{ serviceToken: [] }],
};

/** The caller an operation of the document names (the docs page and the route test read it back). */
export function callerOf(security: oas31.SecurityRequirementObject[] | undefined): Caller {
  const found = (Object.keys(SECURITY) as Caller[]).find(
    (caller) => JSON.stringify(SECURITY[caller]) === JSON.stringify(security ?? []),
  );
  if (!found) throw new Error(`No caller has the security ${JSON.stringify(security)}`);
  return found;
}

type Errors = Partial<Record<ErrorStatus, readonly string[]>>;

/** What a guard refuses with (server/auth/guards.ts, device-token.ts, service-token.ts). */
const CALLER_ERRORS: Record<Caller, Errors> = {
  anyone: {},
  session: {},
  admin: { 401: ['unauthorized'], 403: ['forbidden'] },
  employee: { 401: ['unauthorized'], 403: ['forbidden'] },
  device: { 401: ['invalid_device_token'] },
  service: { 401: ['invalid_service_token'] },
};

/**
 * The error codes an operation answers with: its own, its guard's, and those
 * of the edge every request of its kind passes (server/app.ts: the JSON body
 * parser, the Origin guard, the error handler).
 */
function errorsOf(method: Method, path: string, operation: Operation): Errors {
  const who = operation.who ?? 'anyone';
  const hasInput = Boolean(operation.query || operation.params || operation.body || path.includes(':'));
  const parts: Errors[] = [
    CALLER_ERRORS[who],
    hasInput ? { 400: ['validation_failed'] } : {},
    operation.body ? { 400: ['invalid_json'], 413: ['payload_too_large'], 415: ['unsupported_media_type'] } : {},
    // The Origin guard sits in front of every /api router; the heartbeat is a route of the app before it.
    method !== 'GET' && !operation.checkedInHandler ? { 403: ['forbidden_origin'] } : {},
    path.includes(':id') ? { 404: ['not_found'] } : {},
    who === 'anyone' ? {} : { 503: ['database_unavailable', 'redis_unavailable'] },
    operation.errors ?? {},
  ];
  const merged: Errors = {};
  for (const part of parts)
    for (const [status, codes] of Object.entries(part) as [`${ErrorStatus}`, string[]][])
      merged[Number(status) as ErrorStatus] = [
        ...new Set([...(merged[Number(status) as ErrorStatus] ?? []), ...codes]),
      ];
  return merged;
}

/** How zod-openapi types a response's status. */
type StatusKey = `${1 | 2 | 3 | 4 | 5}${string}`;

const SUCCESS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content' };

function content(body: ResponseBody) {
  if (body === null) return undefined;
  const byType = body instanceof z.ZodType ? { 'application/json': body } : body;
  return Object.fromEntries(Object.entries(byType).map(([type, schema]) => [type, { schema }]));
}

function responsesOf(method: Method, path: string, operation: Operation): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, body] of Object.entries(operation.responses) as [StatusKey, ResponseBody][])
    responses[status] = { description: SUCCESS[Number(status)] ?? 'Failed', content: content(body) };
  for (const [status, codes] of Object.entries(errorsOf(method, path, operation)) as [StatusKey, string[]][])
    if (!(status in responses))
      responses[status] = {
        description: codes.map((code) => `\`${code}\``).join(', '),
        content: { 'application/json': { schema: errorWithCode(codes) } },
        ...(status === '429'
          ? { headers: z.object({ 'Retry-After': z.string().meta({ description: 'Seconds' }) }) }
          : {}),
      };
  return responses;
}

/** The error envelope, its code one of these. */
const errorWithCode = (codes: readonly string[]): oas31.SchemaObject => ({
  allOf: [{ $ref: '#/components/schemas/Error' }],
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { enum: [...codes] } } } },
});

/** `/api/admin/devices` + `/:id/events` → `/api/admin/devices/{id}/events`. */
const templateOf = (mount: string, route: string) =>
  (mount + (route === '/' && mount ? '' : route)).replace(/:([A-Za-z_]+)/g, '{$1}');

/** GET /api/admin/devices/{id}/events → getAdminDevicesIdEvents. */
const operationIdOf = (method: Method, template: string) =>
  method.toLowerCase() +
  template
    .replace(/^\/api/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/** An operation of a router, where the app serves it. */
export interface DescribedOperation extends Operation {
  method: Method;
  /** Below the router, as Express writes it: `/:id/events`. */
  route: string;
  /** In the document: `/api/admin/devices/{id}/events`. */
  template: string;
  tag: string;
}

/** Every operation the document describes, built from the routers' own descriptions. */
export function describedOperations(): DescribedOperation[] {
  return mounts().flatMap((mount) =>
    Object.entries(mount.operations).map(([key, operation]) => {
      const [method, route] = key.split(' ') as [Method, string];
      return { ...operation, method, route, template: templateOf(mount.path, route), tag: mount.tag };
    }),
  );
}

function operationObject(operation: DescribedOperation): ZodOpenApiOperationObject {
  const { method, route, template } = operation;
  const params = operation.params ?? (route.includes(':id') ? idParam : undefined);
  return {
    operationId: operationIdOf(method, template),
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: SECURITY[operation.who ?? 'anyone'],
    ...(params || operation.query
      ? {
          requestParams: {
            ...(params ? { path: params } : {}),
            ...(operation.query ? { query: operation.query } : {}),
          },
        }
      : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: !operation.bodyOptional,
            content: { 'application/json': { schema: operation.body } },
          },
        }
      : {}),
    responses: responsesOf(method, route, operation),
  };
}

/**
 * The live feed's events: each payload's schema, and the components they
 * name. Rendered on their own rather than registered as components of the
 * document, which would render every schema they name for requests too.
 */
function socketEvents() {
  const events: Record<string, oas31.SchemaObject | oas31.ReferenceObject> = {};
  let components: Record<string, oas31.SchemaObject> = {};
  for (const [name, payload] of Object.entries(socketEventPayloads)) {
    const rendered = createSchema(payload, { io: 'output' });
    events[name] = rendered.schema;
    components = { ...components, ...rendered.components };
  }
  return { events, components };
}

const DESCRIPTION = `The HTTP API of Absensi Live, built from the zod schemas its routes validate with.

Every JSON answer is \`{success: true, data, meta?}\` or the error envelope \`{success: false, error: {code, message, details?}}\`;
the heartbeat, a ping and the health checks answer without \`data\`. An unknown route is 404 \`route_not_found\`.
Cookie-authenticated writes must be \`application/json\` and may not come from a foreign \`Origin\`.

\`x-socket-events\` describes the live feed: Socket.IO on path \`/socket.io\`, namespace \`${ADMIN_NAMESPACE}\`,
the admin session cookie on the handshake. Each event is \`{id, type, occurred_at, data}\`, the same as
GET /api/admin/events returns for catching up.`;

function build(): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of describedOperations())
    paths[operation.template] = {
      ...paths[operation.template],
      [operation.method.toLowerCase()]: operationObject(operation),
    };
  const feed = socketEvents();
  const document = createDocument({
    openapi: '3.1.0',
    info: { title: 'Absensi Live', version: packageJson.version, description: DESCRIPTION },
    tags: [...new Set(mounts().map((mount) => mount.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      // Self-contained (it names no other component), so registering it renders nothing for requests.
      schemas: { Error: errorJson },
    },
    'x-socket-events': {
      path: '/socket.io',
      namespace: ADMIN_NAMESPACE,
      security: [{ session: ['admin'] }],
      events: feed.events,
    },
  });
  document.components!.schemas = { ...feed.components, ...document.components!.schemas };
  return document;
}

let built: oas31.OpenAPIObject | undefined;

/** The document, built once per process: it depends on nothing but the code. */
export function openApiDocument(): oas31.OpenAPIObject {
  built ??= build();
  return built;
}
