import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as NetServer } from 'node:net';
import { createHttpApp } from './app';
import type { Clock } from './clock';
import type { Config } from './config';
import { type AppContext, createContext } from './context';
import { startHeartbeatFlusher } from './devices/heartbeat-flusher';
import type { Logger } from './logger';
import { createRegistry } from './metrics/registry';
import { createSocketServer, type SocketServer } from './realtime/socket-server';

export interface RunningNode {
  ctx: AppContext;
  url: string;
  port: number;
  /** Graceful stop: refuse new work, move sockets away, finish in-flight requests, close pools. */
  shutdown(reason: string): Promise<void>;
}

export async function startAppNode(
  config: Config,
  overrides: { clock?: Clock; logger?: Logger } = {},
): Promise<RunningNode> {
  const ctx = createContext(config, overrides);
  const registry = createRegistry(config);
  let shuttingDown = false;
  let sockets: SocketServer | undefined;
  const { app, sessionMiddleware, metrics, presence } = createHttpApp(ctx, {
    registry,
    connectedAdmins: () => sockets?.connectedAdmins() ?? 0,
    frameBudget: () => sockets?.frameBudget() ?? config.framePacing.framesPerSecond,
    isShuttingDown: () => shuttingDown,
  });
  const server = createServer(app);
  sockets = createSocketServer(server, ctx, sessionMiddleware, () => metrics.socketConnections.inc());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const heartbeatFlusher = startHeartbeatFlusher(presence, config.heartbeatFlushIntervalMs);
  const port = (server.address() as AddressInfo).port;
  ctx.logger.info({ host: config.host, port }, 'App node listening');

  let stopping: Promise<void> | undefined;
  async function shutdown(reason: string) {
    stopping ??= (async () => {
      shuttingDown = true;
      ctx.logger.info({ reason }, 'App node shutting down');
      // Stop listening but keep every accepted connection: http.Server.close() and
      // closeIdleConnections() also cut one whose request nginx has just sent (not
      // parsed yet, so "idle"), and nginx cannot retry that POST. Busy connections
      // answer with Connection: close (app.ts); nginx drops idle ones after 4 s.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      sockets!.disconnectAll();
      const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutSeconds * 1000);
      await closed;
      clearTimeout(deadline);
      await sockets!.close();
      await heartbeatFlusher.stop();
      await ctx.close();
      ctx.logger.info('App node stopped');
    })();
    return stopping;
  }

  return { ctx, url: `http://127.0.0.1:${port}`, port, shutdown };
}
