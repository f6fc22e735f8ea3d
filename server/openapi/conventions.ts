import type { oas31 } from 'zod-openapi';
import { SESSION_COOKIE } from '../auth/session';
import type { Caller, ErrorStatus } from '../http/operations';

/**
 * How the OpenAPI document (./document.ts) says who may call and what the
 * edge answers; the docs page reads them back. Apart from document.ts, which
 * imports the routers, so that the page (which a router serves) can use them.
 */

export const SECURITY_SCHEMES = {
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
export const SECURITY: Record<Caller, Partial<Record<Scheme, string[]>>[]> = {
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

export type Errors = Partial<Record<ErrorStatus, readonly string[]>>;

/** What a guard refuses with (server/auth/guards.ts, device-token.ts, service-token.ts). */
export const CALLER_ERRORS: Record<Caller, Errors> = {
  anyone: {},
  session: {},
  admin: { 401: ['unauthorized'], 403: ['forbidden'] },
  employee: { 401: ['unauthorized'], 403: ['forbidden'] },
  device: { 401: ['invalid_device_token'] },
  service: { 401: ['invalid_service_token'] },
};

/**
 * What the edge answers before or around any route (server/app.ts): the JSON
 * parser, which reads a body whatever the route does with it; the Origin
 * guard, on writes; Express, on a path parameter it cannot decode
 * (`/users/%`); the error handler, when MariaDB or Redis is down; and nginx
 * (nginx/nginx.conf) when no app node answers.
 */
export const EDGE_ERRORS = {
  body: { 400: ['invalid_json'], 413: ['payload_too_large'], 415: ['unsupported_media_type'] },
  write: { 403: ['forbidden_origin'] },
  path: { 400: ['bad_request'] },
  infrastructure: { 503: ['database_unavailable', 'redis_unavailable', 'service_unavailable'] },
} satisfies Record<string, Errors>;
