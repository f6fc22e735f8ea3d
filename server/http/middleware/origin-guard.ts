import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { AppError, ForbiddenError } from '../../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An Origin header, when present, must name the host the request came to (as
 * the browser saw it, through nginx) or one of the configured origins. Used
 * for cookie-authenticated writes and for the Socket.IO handshake.
 */
export function isAllowedOrigin(req: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  const forwardedHost = String(req.headers['x-forwarded-host'] ?? '')
    .split(',')[0]
    .trim();
  const host = forwardedHost || req.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Cross-site request forgery is refused without tokens (docs/ARCHITECTURE.md,
 * "Guessing and sessions"): a cookie-authenticated write must be JSON (an
 * HTML form cannot send that) and a foreign Origin is refused. Bearer-token
 * calls without cookies carry no ambient credential; with a cookie they are
 * held to the same rules.
 */
export function originGuard(allowedOrigins: string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const bearerOnly = req.headers.authorization?.startsWith('Bearer ') && !req.headers.cookie;
    if (SAFE_METHODS.has(req.method) || bearerOnly) return next();
    if (!isAllowedOrigin(req, allowedOrigins))
      throw new ForbiddenError('forbidden_origin', 'This request came from a site that is not allowed');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const contentType = req.headers['content-type'];
    // Read the header itself: req.is() answers null for a request without a body.
    const isJson = contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
    if ((contentType || hasBody) && !isJson) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json');
    }
    next();
  };
}
