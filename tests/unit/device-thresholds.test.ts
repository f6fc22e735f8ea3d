import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeviceAdminService } from '../../server/devices/admin-service';
import { assertThresholdOrder, DEFAULT_THRESHOLDS, MIN_THRESHOLDS } from '../../server/devices/thresholds';
import type { Thresholds } from '../../server/devices/types';
import { ValidationError } from '../../server/errors';

// A device's tiers only make sense in order: it beats every interval, is late
// after offline_after, and gone after disconnect_after.

const thresholds = (heartbeat: number, offline: number, disconnect: number): Thresholds => ({
  heartbeat_interval_seconds: heartbeat,
  offline_after_seconds: offline,
  disconnect_after_seconds: disconnect,
});

/** The fields an admin is told are wrong, or [] when the thresholds are accepted. */
function refusedFields(t: Thresholds): string[] {
  try {
    assertThresholdOrder(t);
    return [];
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation_failed');
    return (error.details as { path: string }[]).map((problem) => problem.path);
  }
}

describe('the order of a device’s thresholds', () => {
  it('a beat every 30 s, late after 40 s, gone after 300 s is accepted', () => {
    assert.deepEqual(refusedFields(thresholds(30, 40, 300)), []);
    assert.deepEqual(refusedFields(thresholds(30, 31, 32)), [], 'one second apart is enough');
  });

  it('offline_after no longer than the heartbeat interval is refused: the device would go offline between two beats', () => {
    assert.deepEqual(refusedFields(thresholds(30, 30, 300)), ['offline_after_seconds']);
    assert.deepEqual(refusedFields(thresholds(60, 40, 300)), ['offline_after_seconds']);
  });

  it('disconnect_after no longer than offline_after is refused: the device would skip temporarily offline', () => {
    assert.deepEqual(refusedFields(thresholds(30, 40, 40)), ['disconnect_after_seconds']);
    assert.deepEqual(refusedFields(thresholds(30, 400, 300)), ['disconnect_after_seconds']);
  });

  it('when both are out of order the admin is told about both at once', () => {
    assert.deepEqual(refusedFields(thresholds(60, 50, 40)), ['offline_after_seconds', 'disconnect_after_seconds']);
  });

  it('the defaults a new device gets, and the least values the API allows, are themselves in order', () => {
    assert.deepEqual(refusedFields({ ...DEFAULT_THRESHOLDS }), []);
    assert.deepEqual(refusedFields({ ...MIN_THRESHOLDS }), []);
  });

  it('a new device given only an offline_after past the default disconnect_after (300 s) is refused, and nothing is stored', async () => {
    const untouchable = () => assert.fail('a refused device must not reach the database');
    const service = createDeviceAdminService({ db: untouchable } as never);
    await assert.rejects(
      service.create({ name: 'Kiosk Lobi', offline_after_seconds: DEFAULT_THRESHOLDS.disconnect_after_seconds + 100 }),
      (error: unknown) =>
        error instanceof ValidationError &&
        (error.details as { path: string }[]).map((p) => p.path).join() === 'disconnect_after_seconds',
    );
  });
});
