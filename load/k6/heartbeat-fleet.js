// A fleet of kiosks heartbeating: first at their own pace (FLEET_AT_INTERVAL devices / 30 s),
// then at TARGET_RATE heartbeats per second, each from the next device so none beats twice in 10 s.
// k6 run -e BASE_URL=https://absensi.example -e TARGET_RATE=3000 load/k6/heartbeat-fleet.js

import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { BASE_URL, FLEET, fleetToken, json } from './lib.js';

const AT_INTERVAL = Number(__ENV.FLEET_AT_INTERVAL || 20000);
const TARGET_RATE = Number(__ENV.TARGET_RATE || 3000);
const accepted = new Counter('heartbeats_accepted');
const rateLimited = new Counter('heartbeats_rate_limited');

// 429 is the protocol working (a device beat twice within 10 s), not a server failure: an expected answer, so
// http_req_failed and its threshold count only the real failures.
http.setResponseCallback(http.expectedStatuses(200, 429));

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    at_interval: {
      executor: 'constant-arrival-rate',
      rate: Math.ceil(AT_INTERVAL / 30),
      timeUnit: '1s',
      duration: '60s',
      preAllocatedVUs: 200,
      maxVUs: 1000,
      exec: 'heartbeat',
    },
    saturation: {
      executor: 'constant-arrival-rate',
      rate: TARGET_RATE,
      timeUnit: '1s',
      duration: '60s',
      startTime: '60s',
      preAllocatedVUs: 500,
      maxVUs: 3000,
      exec: 'heartbeat',
    },
  },
  thresholds: {
    // A Counter's rate is per second of the whole test, and saturation is half of it: count instead.
    'heartbeats_accepted{scenario:saturation}': [`count>=${Math.floor(TARGET_RATE * 60 * 0.95)}`],
    'http_req_duration{scenario:at_interval}': ['p(99)<100'],
    'http_req_duration{scenario:saturation}': ['p(99)<250'],
    http_req_failed: ['rate<0.01'],
  },
};

export function heartbeat() {
  const device = exec.scenario.iterationInTest % FLEET;
  const res = http.post(
    `${BASE_URL}/api/devices/heartbeat`,
    JSON.stringify({ battery_level: 80, app_version: 'k6' }),
    json(fleetToken(device)),
  );
  if (res.status === 200) accepted.add(1);
  if (res.status === 429) rateLimited.add(1);
  check(res, { 'accepted or rate limited': (r) => r.status === 200 || r.status === 429 });
}
