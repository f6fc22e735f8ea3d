import { loadConfigOrExit } from '../server/config';
import { createContext } from '../server/context';
import { createStartupGate } from '../server/dependency-checks';
import { createRegistry } from '../server/metrics/registry';
import { startBroadcastWorker } from './broadcast-worker';
import { onShutdown, serveMetrics } from './runtime';

// It delivers alerts, so it opens the channels' sealed secrets; sessions, PINs and service calls are the app nodes'.
const config = loadConfigOrExit(['ALERT_SECRET_KEY']);
const ctx = createContext(config);
const registry = createRegistry(config);

const worker = await startBroadcastWorker({ ...ctx, registry });
const metricsServer = serveMetrics(config, registry, ctx.logger, { startup: createStartupGate(ctx) });

onShutdown(ctx.logger, async () => {
  await worker.close();
  metricsServer?.close();
  await ctx.close();
});
