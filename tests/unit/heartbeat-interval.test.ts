import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { Request, Response } from 'express';
import type { Guards } from '../../server/auth/guards';
import type { DeviceAdminService } from '../../server/devices/admin-service';
import { createLocalHeartbeatLimiter } from '../../server/devices/heartbeat-limiter';
import { deviceAdminRoutes } from '../../server/devices/routes';
import { MIN_THRESHOLDS } from '../../server/devices/thresholds';

// A kiosk beats as often as its device row tells it. The shortest interval an
// admin may set must be one the heartbeat limit always accepts, or the kiosk
// would be refused every other heartbeat for ever.

/** The limit's answer to each heartbeat of a kiosk beating every `seconds`: null when accepted, else the ms to wait. */
async function kioskBeatingEvery(seconds: number, beats: number): Promise<(number | null)[]> {
  mock.timers.enable({ apis: ['Date', 'setTimeout'], now: Date.parse('2026-11-23T00:00:00Z') });
  try {
    const limit = createLocalHeartbeatLimiter();
    const answers = [];
    for (let i = 0; i < beats; i++) {
      answers.push(await limit(7));
      mock.timers.tick(seconds * 1000);
    }
    return answers;
  } finally {
    mock.timers.reset();
  }
}

type Outcome = { status: number; created: unknown } | { refused: string[] };

/** POST /api/admin/devices through the real router and schema, with an admin let in and no server listening. */
async function registerDevice(body: Record<string, unknown>): Promise<Outcome> {
  let created: unknown;
  const devices = {
    create: async (fields: unknown) => {
      created = fields;
      return { device: {}, token: 'token' };
    },
  } as unknown as DeviceAdminService;
  const letIn = (_req: Request, _res: Response, next: () => void) => next();
  const router = deviceAdminRoutes(devices, { admin: letIn, service: letIn } as unknown as Guards);
  return new Promise((resolve) => {
    const res = {
      statusCode: 200,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json() {
        resolve({ status: this.statusCode, created });
        return this;
      },
    };
    const done = (error?: unknown) =>
      resolve({ refused: ((error as { details?: { path: string }[] })?.details ?? []).map((p) => p.path) });
    (router as unknown as (req: unknown, res: unknown, next: (error?: unknown) => void) => void)(
      { method: 'POST', url: '/', headers: {}, body },
      res,
      done,
    );
  });
}

describe('the shortest heartbeat interval an admin may set', () => {
  it('a kiosk beating at the shortest allowed interval is never refused by the heartbeat limit, over an hour', async () => {
    const beats = 3600 / MIN_THRESHOLDS.heartbeat_interval_seconds;
    assert.deepEqual(
      await kioskBeatingEvery(MIN_THRESHOLDS.heartbeat_interval_seconds, beats),
      Array(beats).fill(null),
    );
  });

  it('a kiosk beating one second faster than that is refused again and again, so that interval may not be set', async () => {
    const answers = await kioskBeatingEvery(MIN_THRESHOLDS.heartbeat_interval_seconds - 1, 60);
    const refused = answers.filter((wait) => wait !== null).length;
    assert.ok(refused >= 20, `refused ${refused} of 60 heartbeats`);
  });

  it('with one heartbeat per 10 s allowed, an admin who asks for a 9 s interval is told the field is invalid, and 10 s is taken', async () => {
    assert.deepEqual(await registerDevice({ name: 'Kiosk Lobi', heartbeat_interval_seconds: 9 }), {
      refused: ['heartbeat_interval_seconds'],
    });
    assert.deepEqual(await registerDevice({ name: 'Kiosk Lobi', heartbeat_interval_seconds: 10 }), {
      status: 201,
      created: { name: 'Kiosk Lobi', heartbeat_interval_seconds: 10 },
    });
  });

  it('the other thresholds may go down to just above the shortest interval, and no lower', async () => {
    const least = MIN_THRESHOLDS.heartbeat_interval_seconds;
    const tight = {
      name: 'Kiosk Lobi',
      heartbeat_interval_seconds: least,
      offline_after_seconds: least + 1,
      disconnect_after_seconds: least + 2,
    };
    assert.deepEqual(await registerDevice(tight), { status: 201, created: tight });
    assert.deepEqual(
      await registerDevice({ ...tight, offline_after_seconds: least, disconnect_after_seconds: least + 1 }),
      { refused: ['offline_after_seconds', 'disconnect_after_seconds'] },
    );
  });
});
