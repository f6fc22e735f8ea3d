import { hashPin, hashToken } from '../../server/auth/secrets';
import { systemClock } from '../../server/clock';
import type { Config } from '../../server/config';
import type { Db } from '../../server/db/knex';
import { chunk } from '../../server/devices/chunk';
import { type CachedDevice, createDeviceCache } from '../../server/devices/device-cache';
import { createHeartbeatStore } from '../../server/devices/heartbeat-store';
import { createLogger } from '../../server/logger';
import { createRedis } from '../../server/redis';
import { createUserService } from '../../server/users/service';

export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };
export const BENCH_PIN = '2468';
export const employeeCode = (i: number) => `BENCH${String(i).padStart(6, '0')}`;
export const kioskToken = (i: number) => `bench-kiosk-token-${i}`;
export const fleetToken = (i: number) => `bench-fleet-token-${i}`;

/**
 * Bench rows carry BENCH / Bench prefixes so a run against a live
 * deployment can remove exactly what it added. The fleet starts connected
 * with long thresholds: the heartbeat scenario measures the steady state (the
 * hot path), and no device drifts offline under the monitor mid-run.
 */
export async function seedBench(
  db: Db,
  config: Config,
  counts: { employees: number; kiosks: number; fleet: number },
  onProgress: (what: string) => void,
) {
  await removeBenchRows(db);
  onProgress('admin');
  await createUserService({ db, clock: systemClock, config }).create({
    employee_code: 'BENCHADMIN',
    name: 'Bench Admin',
    role: 'admin',
    ...BENCH_ADMIN,
  });
  onProgress(`${counts.employees} employees`);
  const pinHash = hashPin(config.pinPepper, BENCH_PIN);
  const employees = Array.from({ length: counts.employees }, (_, i) => ({
    employee_code: employeeCode(i),
    name: `Pegawai Bench ${i}`,
    pin_hash: pinHash,
    role: 'employee',
  }));
  await db.batchInsert('users', employees, 2000);
  onProgress(`${counts.kiosks} kiosks and a fleet of ${counts.fleet} devices`);
  const now = new Date();
  const device = (name: string, token: string) => ({
    name,
    token_hash: hashToken(token),
    status: 'connected',
    last_heartbeat_at: now,
    last_status_change_at: now,
    heartbeat_interval_seconds: 30,
    offline_after_seconds: 3600,
    disconnect_after_seconds: 7200,
  });
  await db.batchInsert(
    'devices',
    Array.from({ length: counts.kiosks }, (_, i) => device(`Bench Kiosk ${i}`, kioskToken(i))),
    2000,
  );
  await db.batchInsert(
    'devices',
    Array.from({ length: counts.fleet }, (_, i) => device(`Bench Fleet ${i}`, fleetToken(i))),
    2000,
  );
  await warmUpAsIfRunning(db, config);
}

/**
 * A fleet that has been running has its gates open (heartbeat-store.ts) and
 * its tokens in the token cache (each kiosk beats every 30 s; an entry lives
 * 5 min). Without this, every heartbeat of the saturation phase, each from a
 * device not heard before, measured a cache miss and a database read
 * (docs/BENCHMARKS.md, first round).
 */
async function warmUpAsIfRunning(db: Db, config: Config) {
  const redis = createRedis(config.redisUrl, { enableAutoPipelining: true });
  try {
    const store = createHeartbeatStore(redis, config.redisPrefix);
    const cache = createDeviceCache(
      redis,
      config.redisPrefix,
      createLogger({ nodeId: 'bench-seed', logLevel: 'warn' }),
    );
    const rows: (CachedDevice & { version: number; token_hash: string })[] = await db('devices')
      .where('name', 'like', 'Bench %')
      .select('id', 'name', 'heartbeat_interval_seconds', 'remote_control_enabled', 'version', 'token_hash');
    for (const batch of chunk(rows, 5000)) {
      await Promise.all(
        batch.map(async ({ version, token_hash, ...device }) => {
          await store.openGate(device.id, version);
          await cache.putToken(token_hash, {
            ...device,
            remote_control_enabled: Boolean(device.remote_control_enabled),
          });
        }),
      );
    }
  } finally {
    redis.disconnect();
  }
}

export async function removeBenchRows(db: Db): Promise<void> {
  const benchUsers = db('users').where('employee_code', 'like', 'BENCH%').select('id');
  await db('attendances').whereIn('user_id', benchUsers).delete();
  await db('users').where('employee_code', 'like', 'BENCH%').delete();
  await db('devices').where('name', 'like', 'Bench %').delete();
}
