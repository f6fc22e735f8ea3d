import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

const request = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` as part of the request with this id: every log line written while it runs (awaits included) carries it. */
export function runInRequest<T>(requestId: string, work: () => T): T {
  return request.run({ requestId }, work);
}

export function createLogger(config: Pick<Config, 'nodeId' | 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { node: config.nodeId },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The request id nginx gave the request (X-Request-Id), so one request's lines can be found on every node and in nginx's log.
      mixin: () => {
        const current = request.getStore();
        return current ? { request_id: current.requestId } : {};
      },
    },
    destination,
  );
}
