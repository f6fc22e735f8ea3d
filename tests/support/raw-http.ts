import { Agent, request } from 'node:http';
import { connect } from 'node:net';

interface RawRequest {
  method: string;
  /** Path and query as sent: printable ASCII, anything else already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  /** null when nothing answered (reset, timeout). */
  status: number | null;
  contentType: string;
  body: string;
  error: string | null;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * One request exactly as given (any method, body bytes and headers), where
 * fetch would normalise or refuse: the fuzz needs wrong bytes to reach the server.
 */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    let settled = false;
    const done = (response: RawResponse) => {
      if (!settled) resolve(response);
      settled = true;
    };
    try {
      const outgoing = request(
        `${baseUrl}${req.path}`,
        { method: req.method, headers, agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            done({
              status: res.statusCode ?? null,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
              error: null,
            }),
          );
          res.on('error', (err) =>
            done({ status: res.statusCode ?? null, contentType: '', body: '', error: err.message }),
          );
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('no answer (timeout)')));
      outgoing.on('error', (err) => done({ status: null, contentType: '', body: '', error: err.message }));
      outgoing.end(req.body);
    } catch (err) {
      // Node's client refused to send it (e.g. a character it does not allow in a header): not the server's doing.
      done({ status: 0, contentType: '', body: '', error: `not sent: ${(err as Error).message}` });
    }
  });
}

/** Bytes written verbatim to a fresh connection (for bytes no HTTP client would put in a request line). */
export function rawSocketRequest(port: number, bytes: Buffer, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let finished = false;
    const finish = (error: string | null) => {
      if (finished) return;
      finished = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({
        status: status ? Number(status[1]) : null,
        contentType: /content-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '',
        body: rest.join('\r\n\r\n'),
        error: status ? null : (error ?? 'no status line'),
      });
    };
    socket.setTimeout(timeoutMs, () => finish('no answer (timeout)'));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One response is enough; Connection: close makes the server end it anyway.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(() => finish(null), 50);
    });
    socket.on('end', () => finish(null));
    socket.on('error', (err) => finish(err.message));
    socket.write(bytes);
  });
}
