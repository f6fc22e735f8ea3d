import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// There is no k6 binary on these machines; what can be checked here is that the scripts parse and carry the targets.
const dir = join(import.meta.dirname, '../../load/k6');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('k6 scripts for operators', () => {
  it('every script parses as a JavaScript module (npm run typecheck also checks them against @types/k6)', () => {
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
    assert.deepEqual(scripts.sort(), ['admin-sockets.js', 'checkin-rush.js', 'heartbeat-fleet.js', 'lib.js']);
    for (const script of scripts) execFileSync(process.execPath, ['--check', join(dir, script)]);
  });

  it('the thresholds hold the published targets: 3,000 heartbeats/s and a check-in-to-socket p99 under 100 ms', () => {
    assert.match(read('heartbeat-fleet.js'), /TARGET_RATE = Number\(__ENV\.TARGET_RATE \|\| 3000\)/);
    assert.match(read('admin-sockets.js'), /socket_event_latency: \['p\(99\)<100'\]/);
    assert.match(read('checkin-rush.js'), /'http_req_duration\{name:check-in\}': \['p\(95\)<250', 'p\(99\)<500'\]/);
  });

  it('the rush arrives at its rate, EMPLOYEES over RUSH_SECONDS like the bench, and fails when k6 could not send them all', () => {
    const rush = read('checkin-rush.js');
    assert.match(
      rush,
      /executor: 'constant-arrival-rate',\s+rate: EMPLOYEES,\s+timeUnit: `\$\{RUSH_SECONDS\}s`,\s+duration: `\$\{RUSH_SECONDS\}s`/,
    );
    assert.match(rush, /RUSH_SECONDS = Number\(__ENV\.RUSH_SECONDS \|\| 60\)/);
    assert.match(read('lib.js'), /EMPLOYEES = Number\(__ENV\.EMPLOYEES \|\| 5000\)/);
    assert.match(rush, /dropped_iterations: \['count==0'\]/);
  });

  it('a rate-limited heartbeat (429) is an expected answer, not a failed request', () => {
    assert.match(read('heartbeat-fleet.js'), /http\.setResponseCallback\(http\.expectedStatuses\(200, 429\)\)/);
  });

  it('the socket script speaks k6/websockets, and an admin fails its checks without an event or a namespace', () => {
    const sockets = read('admin-sockets.js');
    assert.match(sockets, /from 'k6\/websockets'/);
    assert.doesNotMatch(sockets, /from 'k6\/ws'/);
    assert.match(sockets, /'admin namespace connected': \(\) => joined/);
    assert.match(sockets, /'received at least one event': \(\) => received > 0/);
    assert.match(sockets, /socket_events: \['count>0'\]/);
  });

  it('they use the tokens and codes the bench seeds, so --seed-only prepares a deployment for them', async () => {
    const seed = await import('../../scripts/bench/seed');
    const lib = read('lib.js');
    assert.ok(lib.includes(`'${seed.BENCH_PIN}'`));
    assert.equal(seed.fleetToken(7), 'bench-fleet-token-7');
    assert.match(lib, /fleetToken = \(i\) => `bench-fleet-token-\$\{i\}`/);
    assert.equal(seed.kioskToken(3), 'bench-kiosk-token-3');
    assert.match(lib, /kioskToken = \(i\) => `bench-kiosk-token-\$\{i\}`/);
    assert.equal(seed.employeeCode(42), 'BENCH000042');
    assert.match(lib, /`BENCH\$\{String\(i\)\.padStart\(6, '0'\)\}`/);
  });
});
