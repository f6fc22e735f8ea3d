// Preloaded by `npm run test:unit` (node --import). The fast loop runs with
// MariaDB and Redis stopped, so a unit test that opens a TCP connection or a
// port is in the wrong folder: it fails here at once, naming what it tried,
// instead of hanging on a retrying client. Local pipes stay allowed (tsx talks
// to its parent over one).
import net from 'node:net';

type Args = unknown[];

/** What a connect or listen call is aimed at; net.connect hands its arguments on as one normalised array. */
function target(args: Args): unknown {
  return Array.isArray(args[0]) ? args[0][0] : args[0];
}

function isLocalPipe(aim: unknown): boolean {
  if (typeof aim === 'string') return Number.isNaN(Number(aim));
  return typeof aim === 'object' && aim !== null && typeof (aim as { path?: unknown }).path === 'string';
}

function refuse(what: string, aim: unknown): never {
  throw new Error(`unit tests do not touch the network: ${what} ${JSON.stringify(aim) ?? String(aim)}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: Args) {
  const aim = target(args);
  if (!isLocalPipe(aim)) refuse('connect to', aim);
  return connect.apply(this, args as never);
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: Args) {
  const aim = target(args);
  if (!isLocalPipe(aim)) refuse('listen on', aim);
  return listen.apply(this, args as never);
};
