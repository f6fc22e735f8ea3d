import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { ADMIN_NAMESPACE } from '../../server/realtime/protocol';

/**
 * The fan-out's yardstick: a bare Socket.IO server in its own process (no
 * adapter, no session, no coalescing), on the product's path and namespace.
 * POST /emit with an event's JSON sends it to every socket, as one frame each.
 */
const httpServer = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk));
  req.on('end', () => {
    const event = JSON.parse(body) as { type: string };
    admins.emit(event.type, event);
    res.writeHead(204).end();
  });
});
const io = new Server(httpServer, { path: '/socket.io', serveClient: false });
const admins = io.of(ADMIN_NAMESPACE);
httpServer.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
