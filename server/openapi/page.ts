import type { oas31 } from 'zod-openapi';
import type { Caller } from '../http/operations';
import { callerOf, EDGE_ERRORS } from './conventions';

const WHO: Record<Caller, string> = {
  anyone: 'anyone',
  session: 'anyone (reads the session)',
  admin: 'admin session',
  employee: 'employee session',
  device: 'device token',
  service: 'service token',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `already_checked_in` as the document writes codes, plain. */
const plain = (text: string) => escapeHtml(text.replaceAll('`', ''));

const codes = (errors: Record<string, readonly string[]>) =>
  Object.entries(errors)
    .map(([status, list]) => `${status} ${list.join(', ')}`)
    .join('; ');

/** Said once above the tables rather than on every row. */
const EDGE_CODES = new Set(Object.values(EDGE_ERRORS).flatMap((errors) => Object.values(errors).flat()));

/** An answer's codes without the edge's, which the page says once. */
const ownCodes = (description: string) =>
  description
    .split(', ')
    .filter((code) => !EDGE_CODES.has(code.replaceAll('`', '')))
    .join(', ');

interface Row {
  tag: string;
  html: string;
}

function operationRows(document: oas31.OpenAPIObject): Row[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, oas31.OperationObject>).map(([method, operation]) => {
      const answers = Object.entries(operation.responses ?? {})
        .flatMap(([status, response]) => {
          if (Number(status) < 400) return [`<b>${status}</b>`];
          const own = ownCodes((response as oas31.ResponseObject).description);
          return own ? [`<b>${status}</b> ${plain(own)}`] : [];
        })
        .join('<br>');
      return {
        tag: operation.tags?.[0] ?? '',
        html: `<tr><td><code>${method.toUpperCase()} ${escapeHtml(path)}</code></td><td>${WHO[callerOf(operation.security)]}</td><td>${plain(operation.summary ?? '')}</td><td>${answers}</td></tr>`,
      };
    }),
  );
}

function eventRows(document: oas31.OpenAPIObject): string {
  const feed = document['x-socket-events'] as { events: Record<string, { $ref: string }> };
  const schemas = document.components?.schemas ?? {};
  return Object.entries(feed.events)
    .map(([name, { $ref }]) => {
      const id = $ref.split('/').at(-1)!;
      const { description } = schemas[id] as oas31.SchemaObject;
      return `<tr><td><code>${escapeHtml(name)}</code></td><td>${plain(description ?? '')}</td><td><code>${escapeHtml(id)}</code></td></tr>`;
    })
    .join('\n');
}

/**
 * The document as a page people read, without scripts or anything from
 * another site (offices run this without internet): every operation by tag,
 * who may call it, what it answers; and the live events.
 */
export function operationsPage(document: oas31.OpenAPIObject): string {
  const rows = operationRows(document);
  const sections = (document.tags ?? []).map(
    ({ name }) =>
      `<h2>${escapeHtml(name)}</h2>
<table><tr><th>Operation</th><th>Who</th><th>What</th><th>Answers</th></tr>
${rows
  .filter((row) => row.tag === name)
  .map((row) => row.html)
  .join('\n')}
</table>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} API</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1f2933; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; table-layout: fixed; }
th:nth-child(1) { width: 34%; } th:nth-child(2) { width: 12%; } th:nth-child(4) { width: 24%; }
th, td { border-bottom: 1px solid #d9e2ec; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
code { white-space: nowrap; }
</style></head>
<body>
<h1>${escapeHtml(document.info.title)} API ${escapeHtml(document.info.version)}</h1>
<p>The machine-readable description is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1): the schemas of
every request and answer are there. Besides what each row lists, the edge answers: a body it cannot read
${escapeHtml(codes(EDGE_ERRORS.body))}; a write from a foreign Origin ${escapeHtml(codes(EDGE_ERRORS.write))}; a path parameter it
cannot decode ${escapeHtml(codes(EDGE_ERRORS.path))}; with MariaDB or Redis down, or no node behind nginx,
${escapeHtml(codes(EDGE_ERRORS.infrastructure))}.
A 500 <code>internal_error</code> is a bug.</p>
${sections.join('\n')}
<h2>Live events (Socket.IO)</h2>
<p>Path <code>/socket.io</code>, namespace <code>/admin</code>, an admin session cookie on the handshake. In the document:
<code>x-socket-events</code>, each event's schema under <code>components.schemas</code>.</p>
<table><tr><th>Event</th><th>When</th><th>Schema</th></tr>
${eventRows(document)}
</table>
</body></html>
`;
}
