import type { z } from 'zod';

/**
 * How a routes file describes its routes for the OpenAPI document
 * (server/openapi/document.ts), next to the router and with the very
 * schemas the routes parse with. An integration test
 * (tests/integration/openapi.test.ts) checks that every route of the app is
 * described and nothing else, and that `who` is what the route's guard lets in.
 */

/**
 * Who may call an operation, as the guards of server/auth/guards.ts say it:
 * `session` reads the session if there is one (login, logout, me).
 */
export type Caller = 'anyone' | 'session' | 'admin' | 'employee' | 'device' | 'service';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON body's schema, null for no body, or the bodies by media type (a report as JSON, CSV or XLSX). */
export type ResponseBody = z.ZodType | null | { [mediaType: string]: z.ZodType };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

export interface Operation {
  summary: string;
  description?: string;
  /** The router's caller unless the route says otherwise (see `operations`). */
  who?: Caller;
  /**
   * The handler checks the caller itself rather than a guard in front of it
   * (the heartbeat: devices/routes.ts says why).
   */
  checkedInHandler?: true;
  query?: z.ZodObject;
  /** Path parameters other than `:id`, which is always server/http/params.ts `idParam`. */
  params?: z.ZodObject;
  body?: z.ZodType;
  /** The route reads `req.body ?? {}`: the request may send none. */
  bodyOptional?: true;
  /** What a successful call answers, by status. */
  responses: Partial<Record<200 | 201 | 204, ResponseBody>> & Partial<Record<ErrorStatus, ResponseBody>>;
  /** Error codes this operation answers besides those every operation of its kind has (openapi/document.ts). */
  errors?: Partial<Record<ErrorStatus, readonly [string, ...string[]]>>;
}

/** Keyed by method and path below the router's mount point, as Express writes it: `PATCH /:id`. */
export type Operations = Record<`${Method} /${string}`, Operation>;

/** A router's operations, each called by `who` unless it says otherwise. */
export function operations(who: Caller, described: Operations): Operations {
  return Object.fromEntries(
    Object.entries(described).map(([route, operation]) => [route, { who, ...operation }]),
  ) as Operations;
}
