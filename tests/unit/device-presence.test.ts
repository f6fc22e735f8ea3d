import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heartbeatAgeSeconds, statusDueToTime, statusForAge } from '../../server/devices/presence';
import type { DeviceRow, DeviceStatus, Thresholds } from '../../server/devices/types';

// The three tiers a kiosk shows on the admin's Perangkat page, from how long ago it was heard.

const thresholds: Thresholds = {
  heartbeat_interval_seconds: 30,
  offline_after_seconds: 40,
  disconnect_after_seconds: 300,
};
const now = new Date('2026-11-23T01:00:00.000Z');
const secondsBefore = (seconds: number) => new Date(now.getTime() - seconds * 1000);

function device(status: DeviceStatus, heardSecondsAgo: number | null, own: Partial<Thresholds> = {}): DeviceRow {
  return {
    id: 1,
    name: 'Kiosk Lobi',
    location: null,
    token_hash: null,
    status,
    previous_status: null,
    last_heartbeat_at: heardSecondsAgo === null ? null : secondsBefore(heardSecondsAgo),
    last_heartbeat_source: heardSecondsAgo === null ? null : 'device',
    last_seen_ip: null,
    last_status_change_at: null,
    status_change_reason: null,
    status_change_source: null,
    should_reconnect: false,
    reconnect_delay_seconds: null,
    reconnect_requested_at: null,
    remote_control_enabled: false,
    last_ping_at: null,
    last_ping_ok: null,
    battery_level: null,
    wifi_strength: null,
    app_version: null,
    version: 1,
    deleted_at: null,
    maintenance_until: null,
    created_at: new Date('2026-01-01T00:00:00Z'),
    ...thresholds,
    ...own,
  };
}

describe('the status a heartbeat age gives a device', () => {
  it('a device heard 40 s ago with offline_after 40 is still connected: the threshold itself is allowed', () => {
    assert.equal(statusForAge(40, thresholds), 'connected');
    assert.equal(statusForAge(0, thresholds), 'connected');
  });

  it('a device heard 41 s ago with offline_after 40 is temporarily offline, and so is one a millisecond past it', () => {
    assert.equal(statusForAge(41, thresholds), 'temporarily_offline');
    assert.equal(statusForAge(40.001, thresholds), 'temporarily_offline');
  });

  it('a device heard exactly disconnect_after (300 s) ago is still temporarily offline; 301 s ago it is disconnected', () => {
    assert.equal(statusForAge(300, thresholds), 'temporarily_offline');
    assert.equal(statusForAge(300.001, thresholds), 'disconnected');
    assert.equal(statusForAge(301, thresholds), 'disconnected');
    assert.equal(statusForAge(7 * 24 * 3600, thresholds), 'disconnected');
  });

  it('a device never heard from is disconnected', () => {
    assert.equal(statusForAge(null, thresholds), 'disconnected');
  });

  it('each device is judged by its own thresholds: 100 s of silence is gone for a strict kiosk, a blip for a lax one', () => {
    const strict = { heartbeat_interval_seconds: 10, offline_after_seconds: 20, disconnect_after_seconds: 60 };
    const lax = { heartbeat_interval_seconds: 60, offline_after_seconds: 120, disconnect_after_seconds: 600 };
    assert.equal(statusForAge(100, strict), 'disconnected');
    assert.equal(statusForAge(100, thresholds), 'temporarily_offline');
    assert.equal(statusForAge(100, lax), 'connected');
  });
});

describe('the age of the last heartbeat', () => {
  it('is the time since it, in seconds, to the millisecond', () => {
    assert.equal(heartbeatAgeSeconds({ last_heartbeat_at: secondsBefore(41.5) }, now), 41.5);
    assert.equal(heartbeatAgeSeconds({ last_heartbeat_at: now }, now), 0);
  });

  it('is unknown for a device never heard from', () => {
    assert.equal(heartbeatAgeSeconds({ last_heartbeat_at: null }, now), null);
  });

  it('a heartbeat stamped ahead of this node’s clock (another node’s clock runs fast) counts as just now, not as a negative age', () => {
    assert.equal(heartbeatAgeSeconds({ last_heartbeat_at: secondsBefore(-5) }, now), 0);
  });
});

describe('where time alone takes a device', () => {
  it('a connected device heard 41 s ago with offline_after 40 is due to become temporarily offline', () => {
    assert.equal(statusDueToTime(device('connected', 41), now), 'temporarily_offline');
  });

  it('a connected device heard 40 s ago with offline_after 40 stays where it is', () => {
    assert.equal(statusDueToTime(device('connected', 40), now), null);
  });

  it('a connected device silent past disconnect_after goes straight to disconnected, without stopping at temporarily offline', () => {
    assert.equal(statusDueToTime(device('connected', 301), now), 'disconnected');
  });

  it('a temporarily offline device goes on to disconnected once silent past disconnect_after, and not before', () => {
    assert.equal(statusDueToTime(device('temporarily_offline', 300), now), null);
    assert.equal(statusDueToTime(device('temporarily_offline', 301), now), 'disconnected');
  });

  it('time never brings a device back up: a disconnected device with a fresh heartbeat waits for the next heartbeat to reconnect it', () => {
    assert.equal(statusDueToTime(device('disconnected', 5), now), null);
    assert.equal(statusDueToTime(device('temporarily_offline', 5), now), null);
    assert.equal(statusDueToTime(device('disconnected', 100), now), null);
  });

  it('a disconnected device stays disconnected, with nothing to do', () => {
    assert.equal(statusDueToTime(device('disconnected', 10_000), now), null);
    assert.equal(statusDueToTime(device('disconnected', null), now), null);
  });

  it('a device registered as connected but never heard from is due to be disconnected', () => {
    assert.equal(statusDueToTime(device('connected', null), now), 'disconnected');
    assert.equal(statusDueToTime(device('temporarily_offline', null), now), 'disconnected');
  });

  it("the device's own thresholds decide, not the defaults", () => {
    assert.equal(
      statusDueToTime(device('connected', 41, { offline_after_seconds: 90, disconnect_after_seconds: 900 }), now),
      null,
    );
    assert.equal(
      statusDueToTime(device('connected', 25, { heartbeat_interval_seconds: 10, offline_after_seconds: 20 }), now),
      'temporarily_offline',
    );
  });
});
