import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubNode {
  id: string;
  port: number;
  /** Requests received, as "METHOD /path" (query string left out). */
  hits: string[];
  close(): Promise<void>;
}

const ASSET = `/* built asset */\n${'console.log("absensi");\n'.repeat(200)}`;

/**
 * Stands in for an app node behind nginx: answers with its id and what it
 * received, like the app for the paths nginx treats specially.
 */
export async function startStubNode(id: string, options: { missingAssets?: boolean } = {}): Promise<StubNode> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.push(`${req.method} ${path}`);
    if (path === '/api/drop') return void req.socket.destroy();
    if (path.startsWith('/assets/new-') && options.missingAssets) return void res.writeHead(404).end();
    if (path === '/assets/index-like.js')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html>');
    if (!/^\/(api|assets|socket\.io)\//.test(path)) {
      // The web app's page, as express.static serves it.
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=3600' })
        .end(`<!doctype html>${id}`);
    }
    if (path.startsWith('/assets/')) {
      return void res
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' })
        .end(ASSET);
    }
    readBody(req).then((body) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ node: id, headers: req.headers, bytes: body.length }));
    });
  });
  // A WebSocket handshake: answered like Engine.IO would, then the node's id.
  server.on('upgrade', (req, socket) => {
    hits.push(`UPGRADE ${(req.url ?? '/').split('?')[0]}`);
    socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n${id}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    id,
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
