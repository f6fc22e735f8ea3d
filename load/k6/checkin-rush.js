// The morning rush: EMPLOYEES kiosk check-ins within RUSH_SECONDS, spread over the bench kiosks.
// k6 run -e BASE_URL=https://absensi.example load/k6/checkin-rush.js

import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { BASE_URL, EMPLOYEES, employeeCode, json, KIOSKS, kioskToken, PIN } from './lib.js';

const RUSH_SECONDS = Number(__ENV.RUSH_SECONDS || 60);

export const options = {
  scenarios: {
    rush: {
      executor: 'shared-iterations',
      vus: Number(__ENV.VUS || 200),
      iterations: EMPLOYEES,
      maxDuration: `${RUSH_SECONDS * 3}s`,
    },
  },
  thresholds: {
    // Every employee checks in once: a 409 means the data was not reset, anything else is a failure.
    checks: ['rate>0.99'],
    'http_req_duration{name:check-in}': ['p(95)<250', 'p(99)<500'],
    http_req_failed: ['rate<0.01'],
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
