import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createHttpApp } from '../../server/app';
import type { Guards } from '../../server/auth/guards';
import { type AppContext, createContext } from '../../server/context';
import type { Caller } from '../../server/http/operations';
import { createRegistry } from '../../server/metrics/registry';
import { callerOf } from '../../server/openapi/conventions';
import { describedOperations, openApiDocument } from '../../server/openapi/document';
import { ApiClient } from '../support/api-client';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

// The document against the app itself: every route the app serves is in it
// and nothing else, each called by whom its guard lets in; and the app serves
// it. (That every answer matches it, every integration test checks through
// ApiClient: tests/support/api-contract.ts.)

interface Layer {
  handle: ((...args: never[]) => unknown) & { stack?: Layer[] };
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
}

interface ServedRoute {
  operation: string;
  handlers: Set<Layer['handle']>;
}

/** Every route of the app with the handlers in front of it (router-level middleware, then the route's own). */
function servedRoutes(stack: Layer[], prefix = '', before: Layer['handle'][] = []): ServedRoute[] {
  const found: ServedRoute[] = [];
  const passed = [...before];
  for (const layer of stack) {
    if (layer.route) {
      // The web app's catch-all is a RegExp: pages, not operations.
      if (typeof layer.route.path !== 'string') continue;
      const path = `${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1').replace(/:([A-Za-z_]+)/g, '{$1}');
      for (const method of Object.keys(layer.route.methods))
        found.push({
          operation: `${method.toUpperCase()} ${path}`,
          handlers: new Set([...passed, ...layer.route.stack.map((l) => l.handle)]),
        });
    } else if (layer.handle.stack) {
      const mount = layer.rawPath === '/' ? '' : String(layer.rawPath);
      found.push(...servedRoutes(layer.handle.stack, prefix + mount, passed));
    } else passed.push(layer.handle);
  }
  return found;
}

/** Whom a route lets in, by the guards in front of it (server/auth/guards.ts). */
function callerByGuards(guards: Guards, handlers: Set<Layer['handle']>): Caller {
  const byGuard: [Caller, Layer['handle']][] = [
    ['admin', guards.admin.at(-1)!],
    ['employee', guards.employee.at(-1)!],
    ['device', guards.device],
    ['service', guards.service],
    ['session', guards.session[0]!],
  ];
  return byGuard.find(([, guard]) => handlers.has(guard))?.[0] ?? 'anyone';
}

describe('the API description', () => {
  let env: TestEnvironment;
  let ctx: AppContext;
  let server: Server;
  let http: ReturnType<typeof createHttpApp>;
  let client: ApiClient;

  before(async () => {
    env = await createTestEnvironment();
    ctx = createContext(env.config, { logger: pino({ level: 'silent' }) });
    http = createHttpApp(ctx, {
      registry: createRegistry(env.config),
      connectedAdmins: () => 0,
      frameBudget: () => 1,
      isShuttingDown: () => false,
    });
    server = createServer(http.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.close();
    await env?.cleanup();
  });

  const served = () => servedRoutes((http.app as unknown as { router: { stack: Layer[] } }).router.stack);

  it('every route the app serves is an operation of the document, and every operation a route it serves', () => {
    const documented = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = served().map((route) => route.operation);
    assert.ok(routes.length > 40, `only ${routes.length} routes found: the walk of the router is broken`);
    assert.deepEqual(routes.toSorted(), documented.toSorted());
  });

  it('the document names as caller of each operation whom its guard lets in', () => {
    const documented = new Map(
      Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
        Object.entries(item as Record<string, { security?: never }>).map(([method, operation]) => [
          `${method.toUpperCase()} ${path}`,
          callerOf(operation.security),
        ]),
      ),
    );
    const checkedInHandler = new Set(
      describedOperations()
        .filter((operation) => operation.checkedInHandler)
        .map((operation) => `${operation.method} ${operation.template}`),
    );
    assert.deepEqual([...checkedInHandler], ['POST /api/devices/heartbeat']);
    for (const route of served()) {
      const guarded = callerByGuards(http.guards, route.handlers);
      // The heartbeat has no guard: its service checks the device token first (devices/routes.ts says why).
      const expected = checkedInHandler.has(route.operation) ? 'device' : guarded;
      if (checkedInHandler.has(route.operation)) assert.equal(guarded, 'anyone', route.operation);
      assert.equal(documented.get(route.operation), expected, route.operation);
    }
  });

  it('GET /api/openapi.json serves the document to anyone, GET /api/docs the page', async () => {
    const document = await client.get('/api/openapi.json');
    assert.equal(document.status, 200);
    assert.deepEqual(document.body, JSON.parse(JSON.stringify(openApiDocument())));
    const page = await client.get('/api/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.body, /<code>POST \/api\/kiosk\/check-in<\/code>/);
  });
});
