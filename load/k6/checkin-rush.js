// The morning rush: EMPLOYEES kiosk check-ins arriving evenly over RUSH_SECONDS (default 5,000 over 60 s, as
// `npm run bench` rushes), spread over the bench kiosks.
// k6 run -e BASE_URL=https://absensi.example load/k6/checkin-rush.js

import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { BASE_URL, EMPLOYEES, employeeCode, json, KIOSKS, kioskToken, PIN } from './lib.js';

const RUSH_SECONDS = Number(__ENV.RUSH_SECONDS || 60);

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    rush: {
      // An open model: the check-ins arrive at the rush's rate whatever the answers' latency, as employees do.
      // A closed one (a fixed number of VUs each waiting for its answer) slows down with the server and hides it.
      executor: 'constant-arrival-rate',
      rate: EMPLOYEES,
      timeUnit: `${RUSH_SECONDS}s`,
      duration: `${RUSH_SECONDS}s`,
      preAllocatedVUs: Number(__ENV.VUS || 100),
      maxVUs: Number(__ENV.MAX_VUS || 1000),
    },
  },
  thresholds: {
    // Every employee checks in once: a 409 means the data was not reset, anything else is a failure.
    checks: ['rate>0.99'],
    'http_req_duration{name:check-in}': ['p(95)<250', 'p(99)<500'],
    http_req_failed: ['rate<0.01'],
    // A check-in k6 had no free VU for was never sent: then the rush was smaller than the one claimed.
    dropped_iterations: ['count==0'],
  },
};

export default function () {
  const i = exec.scenario.iterationInTest;
  const res = http.post(
    `${BASE_URL}/api/kiosk/check-in`,
    JSON.stringify({ employee_code: employeeCode(i), pin: PIN }),
    { ...json(kioskToken(i % KIOSKS)), tags: { name: 'check-in' } },
  );
  check(res, { 'checked in (201)': (r) => r.status === 201 });
}
