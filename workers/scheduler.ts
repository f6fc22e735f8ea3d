import { systemClock } from '../server/clock';
import { loadConfigOrExit } from '../server/config';
import { createDb } from '../server/db/knex';
import { createLogger } from '../server/logger';
import { createRegistry } from '../server/metrics/registry';
import { startOutboxMaintenance } from './outbox-maintenance';
import { onShutdown, serveMetrics } from './runtime';

/**
 * Scheduler worker: registers and runs the cluster-wide periodic jobs. The
 * job schedulers and global concurrency 1 keep each job to one run at a time
 * even when this service is scaled.
 */
const config = loadConfigOrExit();
const logger = createLogger(config);
const db = createDb(config.databaseUrl, config.databasePoolMax);
const registry = createRegistry(config.nodeId);

const maintenance = await startOutboxMaintenance({ config, db, clock: systemClock, logger });
const metricsServer = serveMetrics(config.workerMetricsPort, registry, logger);
logger.info('Scheduler worker started');

onShutdown(logger, async () => {
  await maintenance.close();
  metricsServer?.close();
  await db.destroy();
});
