import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

export function createLogger(config: Pick<Config, 'nodeId' | 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { node: config.nodeId }, timestamp: pino.stdTimeFunctions.isoTime });
}
