import type { Redis } from '../redis';
import { HEARTBEAT_LIMIT } from './thresholds';
import type { DeviceRow, Telemetry } from './types';

/** A heartbeat the hot path recorded in Redis and the flusher has yet to write to MariaDB. */
export interface RecordedHeartbeat extends Telemetry {
  device_id: number;
  at: Date;
  ip: string | null;
}

export type RecordOutcome =
  | { kind: 'recorded' }
  | { kind: 'gate_closed' }
  | { kind: 'rate_limited'; retryAfterMs: number };

// The heartbeat limit is kept here in Redis, and by heartbeat-limiter.ts while Redis is down.
const { windowMs: TEN_SECONDS_MS, minuteMs: MINUTE_MS, perMinute: PER_MINUTE } = HEARTBEAT_LIMIT;
/** Long enough that the flusher has written a heartbeat many times over; short enough that a removed device's keys go away. */
const KEEP_MS = 24 * 3600_000;

/*
 * Why a script and not rate-limiter-flexible: the heartbeat hot path is one
 * Redis round trip that checks both rate windows of HEARTBEAT_LIMIT (one
 * accepted heartbeat per 10 s, ten a minute, only accepted ones counted in the
 * minute), checks the device's gate and records the heartbeat, atomically
 * with the gate check. The monitor closes the gate in the same Redis, so a
 * heartbeat is either recorded before the gate closed (and the monitor sees
 * it) or finds the gate closed (and takes the locked database path).
 */
const RECORD = `
local wait = redis.call('PTTL', KEYS[1])
if wait > 0 then return {'rate_limited', wait} end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= ${PER_MINUTE} then return {'rate_limited', redis.call('PTTL', KEYS[2])} end
redis.call('SET', KEYS[1], '1', 'PX', ${TEN_SECONDS_MS})
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ${MINUTE_MS}) end
local gate = redis.call('GET', KEYS[3])
if not gate or string.sub(gate, -5) ~= ':open' then return {'gate_closed'} end
redis.call('HSET', KEYS[4], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[4], ${KEEP_MS})
redis.call('SADD', KEYS[5], ARGV[1])
return {'recorded'}
`;

/*
 * The gate holds "<row version>:open|closed". Opening happens after a commit
 * and must not undo a later close, so it only applies with a newer version.
 * Closing always applies (the safe direction), unless a heartbeat newer than
 * the one the closer judged by has been recorded: then it answers -1.
 */
const SET_GATE = `
local current = redis.call('GET', KEYS[1])
local currentVersion = current and tonumber(string.match(current, '^(%d+):')) or -1
local version = tonumber(ARGV[1])
if ARGV[2] == 'open' then
  if version <= currentVersion then return 0 end
else
  if ARGV[3] ~= '' and tonumber(redis.call('HGET', KEYS[2], 'at') or '0') > tonumber(ARGV[3]) then return -1 end
  if version < currentVersion then version = currentVersion end
end
redis.call('SET', KEYS[1], version .. ':' .. ARGV[2], 'PX', ${KEEP_MS})
return 1
`;

type Scripts = Redis & {
  recordHeartbeat(...args: (string | number)[]): Promise<[string, number?]>;
  setHeartbeatGate(...args: (string | number)[]): Promise<number>;
};

/**
 * The Redis side of presence: per device a rate-limit pair, a gate and the
 * last heartbeat, plus the set of devices whose last heartbeat MariaDB has
 * not seen yet. Who opens and closes the gate, and why: presence-gate.md.
 */
export function createHeartbeatStore(redis: Redis, prefix: string) {
  const scripts = redis as Scripts;
  if (!('recordHeartbeat' in scripts)) {
    redis.defineCommand('recordHeartbeat', { numberOfKeys: 5, lua: RECORD });
    redis.defineCommand('setHeartbeatGate', { numberOfKeys: 2, lua: SET_GATE });
  }
  const key = {
    tenSeconds: (id: number) => `${prefix}:rl:hb10s:${id}`,
    minute: (id: number) => `${prefix}:rl:hb60s:${id}`,
    gate: (id: number) => `${prefix}:dev:gate:${id}`,
    heartbeat: (id: number) => `${prefix}:dev:hb:${id}`,
    unwritten: `${prefix}:dev:hb-unwritten`,
  };
  // heardAt: '' closes whatever was recorded; a time (0 for "never heard") closes unless a newer heartbeat was recorded.
  const setGate = (id: number, version: number, state: 'open' | 'closed', heardAt: number | '') =>
    scripts.setHeartbeatGate(key.gate(id), key.heartbeat(id), version, state, heardAt);

  return {
    /** Throws when Redis is unavailable: the caller then limits locally and asks MariaDB. */
    async record(heartbeat: RecordedHeartbeat): Promise<RecordOutcome> {
      const id = heartbeat.device_id;
      const fields: (string | number)[] = ['at', heartbeat.at.getTime(), 'ip', heartbeat.ip ?? ''];
      for (const name of ['battery_level', 'wifi_strength', 'app_version'] as const)
        if (heartbeat[name] !== undefined) fields.push(name, heartbeat[name]);
      const [kind, wait] = await scripts.recordHeartbeat(
        key.tenSeconds(id),
        key.minute(id),
        key.gate(id),
        key.heartbeat(id),
        key.unwritten,
        id,
        ...fields,
      );
      if (kind === 'rate_limited') return { kind, retryAfterMs: Number(wait) };
      return { kind: kind === 'recorded' ? 'recorded' : 'gate_closed' };
    },

    /** Gives back the points of a heartbeat that was counted but then failed (MariaDB down), so the kiosk's retry is not refused. */
    async refund(id: number): Promise<void> {
      await redis.multi().del(key.tenSeconds(id)).decr(key.minute(id)).exec();
    },

    openGate: (id: number, version: number) => setGate(id, version, 'open', ''),

    closeGate: (id: number, version: number) => setGate(id, version, 'closed', ''),

    /**
     * Closes the gate of a device judged silent since `lastHeard` (null: never
     * heard). False when a newer heartbeat was recorded meanwhile: the device is
     * not silent after all, and the gate stays as it was.
     */
    async closeGateIfSilentSince(id: number, version: number, lastHeard: Date | null): Promise<boolean> {
      return (await setGate(id, version, 'closed', lastHeard ? lastHeard.getTime() : 0)) === 1;
    },

    /** The rows with last_heartbeat_at as recent as Redis knows it (it may not be written to MariaDB yet). */
    async withLatestHeartbeat<T extends Pick<DeviceRow, 'id' | 'last_heartbeat_at'>>(rows: T[]): Promise<T[]> {
      const recorded = await Promise.all(rows.map((row) => redis.hget(key.heartbeat(row.id), 'at')));
      return rows.map((row, i) => {
        const at = recorded[i] ? new Date(Number(recorded[i])) : null;
        return at && (!row.last_heartbeat_at || at > row.last_heartbeat_at) ? { ...row, last_heartbeat_at: at } : row;
      });
    },

    /** Takes up to `limit` devices whose heartbeat MariaDB has not seen; the caller writes them or hands them back. */
    async takeUnwritten(limit: number): Promise<RecordedHeartbeat[]> {
      const ids = await redis.spop(key.unwritten, limit);
      const hashes = await Promise.all(ids.map((id) => redis.hgetall(key.heartbeat(Number(id)))));
      return ids.flatMap((id, i) => {
        const h = hashes[i];
        if (!h?.at) return [];
        return [
          {
            device_id: Number(id),
            at: new Date(Number(h.at)),
            ip: h.ip || null,
            battery_level: optionalNumber(h.battery_level),
            wifi_strength: optionalNumber(h.wifi_strength),
            app_version: h.app_version,
          },
        ];
      });
    },

    async giveBack(ids: number[]): Promise<void> {
      if (ids.length > 0) await redis.sadd(key.unwritten, ...ids);
    },

    /** A removed device leaves nothing behind. */
    async forget(id: number): Promise<void> {
      await redis.del(key.gate(id), key.heartbeat(id));
      await redis.srem(key.unwritten, id);
    },
  };
}

const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export type HeartbeatStore = ReturnType<typeof createHeartbeatStore>;
