// Shared settings for the k6 scripts. Every value comes from the environment (k6 -e NAME=value).
export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
export const WS_URL = BASE_URL.replace(/^http/, 'ws');

// The rows `npm run bench -- --url <BASE_URL> --seed-only` creates.
export const EMPLOYEES = Number(__ENV.EMPLOYEES || 5000);
export const PIN = __ENV.PIN || '2468';
export const KIOSKS = Number(__ENV.KIOSKS || 50);
export const FLEET = Number(__ENV.FLEET || 80000);
/** @param {number} i */
export const employeeCode = (i) => `BENCH${String(i).padStart(6, '0')}`;
/** @param {number} i */
export const kioskToken = (i) => `bench-kiosk-token-${i}`;
/** @param {number} i */
export const fleetToken = (i) => `bench-fleet-token-${i}`;

export const ADMIN_EMAIL = __ENV.ADMIN_EMAIL || 'bench-admin@example.com';
export const ADMIN_PASSWORD = __ENV.ADMIN_PASSWORD || 'bench-admin-password';

/** @param {string} [token] */
export const json = (token) => ({
  headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
});
