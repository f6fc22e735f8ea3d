import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { UnauthorizedError } from '../errors';
import { bearerToken } from '../http/bearer';

/** The external ping service authenticates with the one service token from config, compared in constant time. */
export function requireServiceToken(serviceToken: string) {
  const expected = Buffer.from(serviceToken);
  return (req: Request, _res: Response, next: NextFunction) => {
    const given = Buffer.from(bearerToken(req) ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new UnauthorizedError('invalid_service_token', 'Unknown service token');
    next();
  };
}
