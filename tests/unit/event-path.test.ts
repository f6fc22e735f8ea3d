import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Redis pub/sub by hand: a PUBLISH or a (P|S)SUBSCRIBE call on any client.
const PUB_SUB_CALL = /\.(s?publish|p?subscribe|ssubscribe)\s*\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)));
}

describe('the event path', () => {
  it("no code publishes or subscribes on a Redis channel of its own beside the Socket.IO adapter: the only PUBLISH is the one handed to the adapter's emitter", () => {
    const calls = ['server', 'workers', 'scripts']
      .flatMap(sourceFiles)
      .flatMap((file) =>
        [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(PUB_SUB_CALL)].map((match) => `${file}: ${match[0]}`),
      );
    assert.deepEqual(calls, ['server/realtime/admin-channel.ts: .publish(']);
    const emitterClient = readFileSync(join(REPO_ROOT, 'server/realtime/admin-channel.ts'), 'utf8');
    assert.match(
      emitterClient,
      /new Emitter\(client,/,
      'that PUBLISH is the client the @socket.io/redis-emitter writes through',
    );
  });
});
