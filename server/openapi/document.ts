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
import { holidayOperations } from '../calendar/routes';
import { adminCorrectionOperations, employeeCorrectionOperations } from '../corrections/routes';
import { deviceAdminOperations, externalServiceOperations, heartbeatOperations } from '../devices/routes';
import { eventOperations } from '../events/routes';
import { healthOperations } from '../http/health';
import type { ErrorStatus, Method, Operation, Operations, ResponseBody } from '../http/operations';
import { idParam } from '../http/params';
import { errorJson } from '../http/schemas';
import { devicePunchOperations, punchOperations } from '../punches/routes';
import { ADMIN_NAMESPACE } from '../realtime/protocol';
import { socketEventPayloads } from '../realtime/schemas';
import { reportOperations } from '../reports/routes';
import { scheduleOperations } from '../schedules/routes';
import { userOperations } from '../users/routes';
import { CALLER_ERRORS, EDGE_ERRORS, type Errors, SECURITY, SECURITY_SCHEMES } from './conventions';
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
  { path: '/api/kiosk/punches', tag: 'kiosk', operations: punchOperations },
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
  { path: '/api/admin/devices', tag: 'devices', operations: devicePunchOperations },
  { path: '/api/admin/users', tag: 'users', operations: userOperations },
  { path: '/api/admin/events', tag: 'events', operations: eventOperations },
];

/** `/api/admin/devices` + `/:id/events` → `/api/admin/devices/{id}/events`. */
const templateOf = (mount: string, route: string) =>
  (mount + (route === '/' && mount ? '' : route)).replace(/:([A-Za-z_]+)/g, '{$1}');

/** An operation of a router, where the app serves it. */
export interface DescribedOperation extends Operation {
  method: Method;
  /** Below the router, as Express writes it: `/:id/events`. */
  route: string;
  /** In the document: `/api/admin/devices/{id}/events`. */
  template: string;
  tag: string;
  /** Behind the JSON parser and the Origin guard app.ts puts in front of every /api router. */
  behindApiEdge: boolean;
}

/** Every operation the document describes, built from the routers' own descriptions. */
export function describedOperations(): DescribedOperation[] {
  return mounts().flatMap((mount) =>
    Object.entries(mount.operations).map(([key, operation]) => {
      const [method, route] = key.split(' ') as [Method, string];
      const template = templateOf(mount.path, route);
      return { ...operation, method, route, template, tag: mount.tag, behindApiEdge: mount.path.startsWith('/api') };
    }),
  );
}

/** The error codes an operation answers with: its own, its guard's, and the edge's. */
function errorsOf(operation: DescribedOperation): Errors {
  const { method, route, behindApiEdge } = operation;
  const who = operation.who ?? 'anyone';
  const hasPathParams = route.includes(':');
  const hasInput = Boolean(operation.query || operation.params || operation.body || hasPathParams);
  const parts: Errors[] = [
    CALLER_ERRORS[who],
    hasInput ? { 400: ['validation_failed'] } : {},
    hasPathParams ? EDGE_ERRORS.path : {},
    behindApiEdge || operation.body ? EDGE_ERRORS.body : {},
    behindApiEdge && method !== 'GET' ? EDGE_ERRORS.write : {},
    route.includes(':id') ? { 404: ['not_found'] } : {},
    who === 'anyone' ? {} : EDGE_ERRORS.infrastructure,
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

/** The error envelope, its code one of these. */
const errorWithCode = (codes: readonly string[]): oas31.SchemaObject => ({
  allOf: [{ $ref: '#/components/schemas/Error' }],
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { enum: [...codes] } } } },
});

function responsesOf(operation: DescribedOperation): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, body] of Object.entries(operation.responses) as [StatusKey, ResponseBody][])
    responses[status] = {
      description:
        (body instanceof z.ZodType && z.globalRegistry.get(body)?.description) || SUCCESS[Number(status)] || 'Failed',
      content: content(body),
    };
  for (const [status, codes] of Object.entries(errorsOf(operation)) as [StatusKey, string[]][])
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

/** GET /api/admin/devices/{id}/events → getAdminDevicesIdEvents. */
const operationIdOf = (method: Method, template: string) =>
  method.toLowerCase() +
  template
    .replace(/^\/api/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

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
    responses: responsesOf(operation),
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
