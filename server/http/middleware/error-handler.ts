import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { AppError, NotFoundError, RateLimitedError } from '../../errors';
import type { Logger } from '../../logger';
import type { errorJson } from '../schemas';

interface BodyParserError {
  type?: string;
  status?: number;
  /** The limit a too large body went over, in bytes. */
  limit?: number;
}

// Failures of infrastructure the request needed: the caller should retry, it did nothing wrong.
const DATABASE_DOWN = new Set([
  'ECONNREFUSED',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
  'ER_CON_COUNT_ERROR',
  'EHOSTUNREACH',
  'ECONNRESET',
  'DATABASE_TIMEOUT',
]);
// ioredis's messages: the connection is gone, reconnecting, or (a stalled Redis) did not answer within REDIS_COMMAND_TIMEOUT_MS.
const REDIS_DOWN = [
  'Connection is closed',
  'Reached the max retries per request',
  "Stream isn't writeable",
  'Command timed out',
];

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'invalid_json', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(
        413,
        'payload_too_large',
        `The request body is larger than ${Math.round((parserError.limit ?? 65_536) / 1024)} KiB`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', 'Unsupported body encoding or charset');
    case 'request.aborted':
      return new AppError(400, 'request_aborted', 'The request was aborted');
  }
  const code = (error as { code?: string })?.code;
  const message = (error as Error)?.message ?? '';
  // mysql2 marks errors that end the connection `fatal`. The database drill
  // found one without a code: a transaction in flight when MariaDB died fails
  // its ROLLBACK with "Can't add new command when connection is in closed
  // state", which answered 500. It is the database being gone like any other
  // (the server rolls back what was not committed), so 503 and retry.
  const connectionLost = (error as { fatal?: unknown })?.fatal === true;
  if ((code && DATABASE_DOWN.has(code)) || connectionLost || message.includes('Knex: Timeout acquiring a connection')) {
    return new AppError(503, 'database_unavailable', 'The database is unavailable, try again shortly');
  }
  if (REDIS_DOWN.some((known) => message.includes(known))) {
    return new AppError(503, 'redis_unavailable', 'Redis is unavailable, try again shortly');
  }
  if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
    return parserError.status === 404
      ? new NotFoundError('File', 'not_found')
      : new AppError(parserError.status, 'bad_request', message || 'Bad request');
  }
  return null;
}

/**
 * The one place errors become the envelope of docs/ARCHITECTURE.md, "Errors":
 * `{success:false, error:{code, message, details?}}`.
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toAppError(error);
    if (!known) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'Unhandled error');
    else if (known.status >= 500)
      logger.warn(
        { err: (error as Error).message, code: known.code, url: req.originalUrl },
        'Request failed on infrastructure',
      );
    const appError = known ?? new AppError(500, 'internal_error', 'Something went wrong on our side');
    if (appError instanceof RateLimitedError) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    if (res.headersSent) return res.end();
    res.status(appError.status).json({
      success: false,
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
      },
    } satisfies z.output<typeof errorJson>);
  };
}

export function notFound(req: Request) {
  throw new NotFoundError(`Route ${req.method} ${req.path}`, 'route_not_found');
}
