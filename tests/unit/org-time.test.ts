import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLate, minutesBetween, orgClockTime, orgDate } from '../../server/attendance/org-time';

const jakarta = { timezone: 'Asia/Jakarta', workStart: '08:00', lateToleranceMinutes: 15 };
const makassar = { timezone: 'Asia/Makassar', workStart: '07:30', lateToleranceMinutes: 0 };
const wib = (localDateTime: string) => new Date(`${localDateTime}+07:00`);

// Servers run in UTC, laptops in whatever zone their owner is in: none of it may change the org's day or deadline.
const PROCESS_ZONES = ['UTC', 'Asia/Jakarta', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/Berlin'];

function inEachProcessZone(check: (zone: string) => void) {
  const saved = process.env.TZ;
  try {
    for (const zone of PROCESS_ZONES) {
      process.env.TZ = zone;
      check(zone);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('org-local time', () => {
  it('the day and the wall-clock time are read in the org time zone, not the server one', () => {
    const at = new Date('2026-11-23T17:05:09Z');
    assert.equal(orgDate(at, 'Asia/Jakarta'), '2026-11-24');
    assert.equal(orgClockTime(at, 'Asia/Jakarta'), '00:05:09');
    assert.equal(orgDate(at, 'UTC'), '2026-11-23');
  });

  it('late is after work start plus tolerance in the org zone', () => {
    assert.equal(isLate(new Date('2026-11-23T01:15:00Z'), jakarta), false);
    assert.equal(isLate(new Date('2026-11-23T01:15:00.001Z'), jakarta), true);
    assert.equal(isLate(new Date('2026-11-22T23:30:00Z'), makassar), false); // 07:30 WITA
    assert.equal(isLate(new Date('2026-11-22T23:31:00Z'), makassar), true);
  });

  it('with work at 08:00 and 15 minutes of tolerance, 08:15:00 WIB is on time and 08:15:01 late, whatever the process time zone', () => {
    inEachProcessZone((zone) => {
      assert.equal(isLate(wib('2026-11-23T08:15:00'), jakarta), false, `08:15:00 with TZ=${zone}`);
      assert.equal(isLate(wib('2026-11-23T08:15:01'), jakarta), true, `08:15:01 with TZ=${zone}`);
      assert.equal(isLate(wib('2026-11-23T07:59:59'), jakarta), false, `07:59:59 with TZ=${zone}`);
    });
  });

  it('the deadline is on the org-local day of the check-in: 00:30 WIB, still the day before in UTC, is early, not late', () => {
    inEachProcessZone((zone) => {
      assert.equal(isLate(new Date('2026-11-22T17:30:00Z'), jakarta), false, `00:30 WIB with TZ=${zone}`);
      assert.equal(isLate(new Date('2026-11-23T16:00:00Z'), jakarta), true, `23:00 WIB with TZ=${zone}`);
    });
  });

  it('a tolerance that carries past the hour still counts: work at 07:50 with 15 minutes makes 08:05 the last minute on time', () => {
    const org = { timezone: 'Asia/Jakarta', workStart: '07:50', lateToleranceMinutes: 15 };
    assert.equal(isLate(wib('2026-11-23T08:05:00'), org), false);
    assert.equal(isLate(wib('2026-11-23T08:05:01'), org), true);
  });

  it('an org in a zone with summer time keeps its 08:00 deadline on the morning the clocks change', () => {
    const berlin = { timezone: 'Europe/Berlin', workStart: '08:00', lateToleranceMinutes: 0 };
    // 29 March 2026: Berlin moves from UTC+1 to UTC+2 at 02:00, so 08:00 is 06:00 UTC.
    assert.equal(isLate(new Date('2026-03-29T06:00:00Z'), berlin), false);
    assert.equal(isLate(new Date('2026-03-29T06:00:01Z'), berlin), true);
    assert.equal(isLate(new Date('2026-03-28T07:00:00Z'), berlin), false, 'the day before, 08:00 was 07:00 UTC');
    assert.equal(isLate(new Date('2026-03-28T07:00:01Z'), berlin), true);
  });

  it('the org day turns at midnight WIB, which is 17:00 UTC, whatever the process time zone', () => {
    inEachProcessZone((zone) => {
      assert.equal(orgDate(new Date('2026-11-23T16:59:59.999Z'), 'Asia/Jakarta'), '2026-11-23', `TZ=${zone}`);
      assert.equal(orgDate(new Date('2026-11-23T17:00:00Z'), 'Asia/Jakarta'), '2026-11-24', `TZ=${zone}`);
      assert.equal(orgClockTime(new Date('2026-11-23T17:00:00Z'), 'Asia/Jakarta'), '00:00:00', `TZ=${zone}`);
      assert.equal(orgDate(new Date('2026-12-31T17:00:00Z'), 'Asia/Jakarta'), '2027-01-01', 'and the year with it');
    });
  });

  it('midnight UTC is 07:00 WIB on the same day: the org day does not turn with UTC', () => {
    assert.equal(orgDate(new Date('2026-11-23T00:00:00Z'), 'Asia/Jakarta'), '2026-11-23');
    assert.equal(orgDate(new Date('2026-11-22T23:59:59Z'), 'Asia/Jakarta'), '2026-11-23');
    assert.equal(orgClockTime(new Date('2026-11-22T23:59:59Z'), 'Asia/Jakarta'), '06:59:59');
  });

  it('a duration counts whole minutes and is never negative', () => {
    assert.equal(minutesBetween(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T09:29:59Z')), 569);
    assert.equal(minutesBetween(new Date('2026-11-23T09:00:00Z'), new Date('2026-11-23T08:00:00Z')), 0);
    assert.equal(minutesBetween(wib('2026-11-23T23:50:00'), wib('2026-11-24T00:10:59')), 20, 'across midnight');
    assert.equal(minutesBetween(wib('2026-11-23T08:00:00'), wib('2026-11-23T08:00:59.999')), 0, 'under a minute is 0');
  });
});
