import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { signatureOf } from '../../server/alerts/senders';

/** How a receiver answers a request: as a healthy one, with a 500, or not at all (until the test lets go). */
export type Answer = 'ok' | 'fail' | 'hang';

export interface ReceivedRequest {
  path: string;
  /** The body as sent: what the signature covers. */
  raw: string;
  body: Record<string, unknown>;
  signature: string | undefined;
  /** The status it was answered with; undefined while it hangs or if its sender went away first. */
  answered?: number;
}

/**
 * One local HTTP server standing in for the office's webhook receivers
 * (POST /hook/<name>) and for the Telegram Bot API (POST /bot<token>/sendMessage,
 * reached through TELEGRAM_API_URL). Each path answers as the test sets it.
 */
export async function startHttpReceiver() {
  const received: ReceivedRequest[] = [];
  const answers = new Map<string, Answer>();
  const hanging: ServerResponse[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const entry: ReceivedRequest = {
      path: req.url ?? '',
      raw,
      body: JSON.parse(raw || '{}'),
      signature: req.headers['x-absensi-signature'] as string | undefined,
    };
    received.push(entry);
    const answer = answers.get(entry.path) ?? 'ok';
    if (answer === 'hang') {
      hanging.push(res);
      return;
    }
    const status = answer === 'ok' ? 200 : 500;
    const isTelegram = entry.path.includes('/sendMessage');
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(isTelegram ? { ok: answer === 'ok', result: { message_id: received.length } } : {}));
    entry.answered = status;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answer(path: string, how: Answer) {
      answers.set(path, how);
    },
    /** What reached this path, in order. */
    at: (path: string) => received.filter((r) => r.path === path),
    /** Whether the body was signed with this secret, as a receiver checks it. */
    signedWith: (request: ReceivedRequest, secret: string) => request.signature === signatureOf(request.raw, secret),
    /** Answers every hanging request with 200 (their senders may be gone). */
    releaseHanging() {
      for (const res of hanging.splice(0)) if (!res.destroyed) res.writeHead(200).end('{}');
    },
    async close() {
      for (const res of hanging.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server (smtp-server) on a free port; plain SMTP, no auth, as an office relay inside its network. */
export async function startSmtpReceiver() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: (mail.text ?? '').trim(),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
