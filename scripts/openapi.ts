// npm run openapi [-- <file>]: the API's OpenAPI 3.1 document (what GET /api/openapi.json serves) written to a
// file, openapi.json unless told, for code generators and API gateways; no node needs to run.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../server/openapi/document';

const file = process.argv[2] ?? 'openapi.json';
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`OpenAPI document written to ${file}`);
