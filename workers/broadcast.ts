import { systemClock } from '../server/clock';
import { loadConfigOrExit } from '../server/config';
import { createDb } from '../server/db/knex';
import { createLogger } from '../server/logger';
import { createRegistry } from '../server/metrics/registry';
import { startBroadcastWorker } from './broadcast-worker';
import { onShutdown, serveMetrics } from './runtime';

const config = loadConfigOrExit();
const logger = createLogger(config);
const db = createDb(config.databaseUrl, config.databasePoolMax, config.databaseTimeouts);
const registry = createRegistry(config.nodeId);

const worker = await startBroadcastWorker({ config, db, clock: systemClock, logger, registry });
const metricsServer = serveMetrics(config.workerMetricsPort, registry, logger);

onShutdown(logger, async () => {
  await worker.close();
  metricsServer?.close();
  await db.destroy();
});
