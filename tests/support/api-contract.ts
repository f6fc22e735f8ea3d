import { AssertionError } from 'node:assert';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { oas31 } from 'zod-openapi';
import { openApiDocument } from '../../server/openapi/document';

/**
 * Real answers held to the OpenAPI document (server/openapi/document.ts):
 * ApiClient passes every response it receives through here, and the admin
 * socket every event, so each test that talks to the API is also a contract
 * test. A mismatch throws, naming the operation and what differs.
 */

export interface ObservedResponse {
  method: string;
  /** The path and query the request went to. */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  operation: oas31.OperationObject;
}

const COMPONENTS_ID = 'openapi-components';

/** The document's `#/components/schemas/X` as a schema ajv holds on its own (`openapi-components#/$defs/X`). */
const standalone = <T>(schema: T): T =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`));

function routesOf(document: oas31.OpenAPIObject): Route[] {
  return Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    Object.entries(item as Record<string, oas31.OperationObject>).map(([method, operation]) => {
      const parts = template.split(/(\{[^}]+\})/);
      const pattern = parts
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('');
      return {
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${pattern}$`),
        params: parts.filter((part) => part.startsWith('{')).length,
        operation,
      };
    }),
  );
}

function createContract() {
  const document = openApiDocument();
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI's hint for code generators (ajv's own support refuses `mapping`); the oneOf it sits on does the checking.
  ajv.addKeyword({ keyword: 'discriminator' });
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: standalone(document.components?.schemas ?? {}) });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: unknown) => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(standalone(schema) as object);
      compiled.set(key, validate);
    }
    return validate;
  };
  // A concrete path wins over a template (OpenAPI's rule), so the fewest parameters first.
  const routes = routesOf(document).sort((a, b) => a.params - b.params);
  const feed = document['x-socket-events'] as { events: Record<string, oas31.SchemaObject> };
  return { document, ajv, validator, routes, feed };
}

let contract: ReturnType<typeof createContract> | undefined;
const theContract = () => {
  contract ??= createContract();
  return contract;
};

function fail(what: string, message: string, body: unknown): never {
  const shown = JSON.stringify(body);
  throw new AssertionError({
    message: `${what} does not match the OpenAPI document: ${message}\n  body: ${shown && shown.length > 2000 ? `${shown.slice(0, 2000)}…` : shown}`,
  });
}

function check(validate: ValidateFunction, what: string, body: unknown): void {
  if (!validate(body))
    fail(what, contract!.ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'body' }), body);
}

/** The operation a request reached: its method and the path template its path fits. */
export function operationFor(method: string, path: string): Route | undefined {
  const pathname = new URL(path, 'http://x').pathname.replace(/(.)\/+$/, '$1');
  return theContract().routes.find((route) => route.method === method && route.pattern.test(pathname));
}

export function assertResponseMatchesContract(response: ObservedResponse): void {
  const { method, path, status, text, body } = response;
  if (method === 'HEAD') return;
  const { validator } = theContract();
  const contentType = response.contentType ? response.contentType.split(';')[0]!.trim().toLowerCase() : null;
  const route = operationFor(method, path);
  if (!route) {
    // The web app's pages and files are no operations; an unknown route, and a refusal at the edge, is the error envelope.
    if (contentType !== 'application/json') return;
    const what = `${method} ${path} (no operation in the document) ${status}`;
    if (status < 400) fail(what, 'a success from a route the document does not describe', body);
    check(validator('Error', { $ref: '#/components/schemas/Error' }), what, body);
    return;
  }
  const what = `${route.operation.operationId} (${method} ${route.template}) ${status}`;
  const answer = route.operation.responses?.[String(status)] as oas31.ResponseObject | undefined;
  if (!answer)
    fail(
      what,
      `status ${status} is not one it lists (${Object.keys(route.operation.responses ?? {}).join(', ')})`,
      body,
    );
  if (!answer.content) {
    if (text !== '') fail(what, 'it has a body, the document says none', text);
    return;
  }
  const media = contentType === null ? undefined : answer.content[contentType];
  if (!media) fail(what, `content type ${contentType} is not one it lists (${Object.keys(answer.content)})`, body);
  if (contentType !== 'application/json') return;
  check(validator(`${method} ${route.template} ${status}`, media.schema), what, body);
}

/** A Socket.IO event as the admin namespace sent it, held to the document's `x-socket-events`. */
export function assertSocketEventMatchesContract(name: string, payload: unknown): void {
  const { feed, validator } = theContract();
  const schema = feed.events[name];
  const what = `Socket event ${name}`;
  if (!schema) fail(what, 'the document names no such event', payload);
  check(validator(`socket ${name}`, schema), what, payload);
}
