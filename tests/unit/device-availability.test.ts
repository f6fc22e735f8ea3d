import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lengthInWords, recoveredText } from '../../server/alerts/messages';
import { availabilityByDay } from '../../server/devices/availability';
import type { DeviceStatus } from '../../server/devices/types';

// One UTC day keeps the arithmetic readable; the service hands in org-local day bounds the same way.
const DAY = { date: '2026-12-01', start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-02T00:00:00Z') };
const at = (hhmm: string, date = '2026-12-01') => new Date(`${date}T${hhmm}:00Z`);
const change = (from: DeviceStatus | null, to: DeviceStatus, hhmm: string) => ({
  from_status: from,
  to_status: to,
  occurred_at: at(hhmm),
});
const day = (overrides: Partial<Parameters<typeof availabilityByDay>[0]> = {}) =>
  availabilityByDay({
    days: [DAY],
    createdAt: new Date('2026-11-01T00:00:00Z'),
    now: new Date('2026-12-05T00:00:00Z'),
    opening: { status: 'connected', leftConnectedAt: null },
    changes: [],
    maintenance: [],
    ...overrides,
  })[0]!;

describe('a kiosk’s availability per day', () => {
  it('when a kiosk was connected all day, its share is 1 and it had no outage', () => {
    const result = day();
    assert.equal(result.connected_share, 1);
    assert.equal(result.observed_minutes, 1440);
    assert.deepEqual(result.outages, []);
  });

  it('when a kiosk went dark at 07:12 and came back at 07:35, the outage runs from when it left connected', () => {
    const result = day({
      changes: [
        change('connected', 'temporarily_offline', '07:12'),
        change('temporarily_offline', 'disconnected', '07:16'),
        change('disconnected', 'connected', '07:35'),
      ],
    });
    assert.deepEqual(result.outages, [
      { start: '2026-12-01T07:12:00.000Z', end: '2026-12-01T07:35:00.000Z', minutes: 23 },
    ]);
    assert.equal(result.connected_minutes, 1440 - 23);
  });

  it('when a kiosk only flapped in the grace tier, the share drops but there is no outage', () => {
    const result = day({
      changes: [
        change('connected', 'temporarily_offline', '09:00'),
        change('temporarily_offline', 'connected', '09:02'),
      ],
    });
    assert.equal(result.connected_minutes, 1438);
    assert.deepEqual(result.outages, []);
  });

  it('when an outage fell under maintenance, that time counts neither as observed nor as down', () => {
    const result = day({
      changes: [change('connected', 'disconnected', '10:00'), change('disconnected', 'connected', '12:00')],
      maintenance: [{ starts_at: at('09:00'), ends_at: at('11:00') }],
    });
    assert.equal(result.maintenance_minutes, 120);
    assert.equal(result.observed_minutes, 1320);
    assert.deepEqual(result.outages, [
      { start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T12:00:00.000Z', minutes: 60 },
    ]);
    assert.equal(result.connected_share, Math.round(((1320 - 60) / 1320) * 10_000) / 10_000);
  });

  it('when the day opens in the middle of an outage that is still going on, it is listed with no end', () => {
    const result = day({
      now: at('06:00'),
      opening: { status: 'disconnected', leftConnectedAt: new Date('2026-11-30T22:00:00Z') },
    });
    assert.deepEqual(result.outages, [{ start: '2026-12-01T00:00:00.000Z', end: null, minutes: 360 }]);
    assert.equal(result.observed_minutes, 360);
    assert.equal(result.connected_share, 0);
  });

  it('when a kiosk was registered but never heard from, it was never connected and had no outage', () => {
    const result = day({ opening: { status: 'disconnected', leftConnectedAt: null } });
    assert.equal(result.connected_share, 0);
    assert.deepEqual(result.outages, []);
  });

  it('when a kiosk did not exist yet, the day has nothing to judge', () => {
    const result = day({ createdAt: new Date('2026-12-03T00:00:00Z') });
    assert.equal(result.connected_share, null);
    assert.equal(result.observed_minutes, 0);
  });
});

describe('the words of an alert', () => {
  it('when an outage lasted seconds, 23 minutes, 65 minutes or a day and an hour, it says so as a person would', () => {
    assert.equal(lengthInWords(0), 'kurang dari 1 menit');
    assert.equal(lengthInWords(23), '23 menit');
    assert.equal(lengthInWords(65), '1 jam 5 menit');
    assert.equal(lengthInWords(1500), '1 hari 1 jam');
    assert.equal(
      recoveredText({ id: 1, name: 'Kiosk Gudang', location: null }, 23),
      'Kiosk Gudang terhubung lagi setelah 23 menit',
    );
  });
});
