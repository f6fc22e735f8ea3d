import pino from 'pino';
import type { Clock } from '../../server/clock';
import { loadConfig } from '../../server/config';
import { createRegistry } from '../../server/metrics/registry';
import { type RunningNode, startAppNode } from '../../server/node';
import { startBroadcastWorker } from '../../workers/broadcast-worker';
import type { TestEnvironment } from './environment';

const silent = pino({ level: 'silent' });

/** A real app node on a free port, in this process, reading time from the given clock. */
export function startTestNode(
  env: TestEnvironment,
  clock?: Clock,
  extraEnv: Record<string, string> = {},
): Promise<RunningNode> {
  return startAppNode(loadConfig({ ...env.env, ...extraEnv }), { clock, logger: silent });
}

export function startTestBroadcastWorker(env: TestEnvironment, clock: Clock) {
  return startBroadcastWorker({
    config: env.config,
    db: env.db,
    clock,
    logger: silent,
    registry: createRegistry({ ...env.config, nodeId: 'test-worker' }),
  });
}
