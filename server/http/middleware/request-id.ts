import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runInRequest } from '../../logger';

// What nginx's $request_id and a load balancer's ids look like; anything else (too long, odd bytes) is not written to the logs.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request runs with an id: the X-Request-Id nginx sets (it passes on a
 * load balancer's, else makes one), or a fresh one when a node is called
 * directly. The answer carries it back, and every log line of the request
 * has it as request_id (logger.ts).
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    runInRequest(id, next);
  };
}
