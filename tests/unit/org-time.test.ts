import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLate, minutesBetween, orgClockTime, orgDate } from '../../server/attendance/org-time';

const jakarta = { timezone: 'Asia/Jakarta', workStart: '08:00', lateToleranceMinutes: 15 };
const makassar = { timezone: 'Asia/Makassar', workStart: '07:30', lateToleranceMinutes: 0 };

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

  it('a duration counts whole minutes and is never negative', () => {
    assert.equal(minutesBetween(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T09:29:59Z')), 569);
    assert.equal(minutesBetween(new Date('2026-11-23T09:00:00Z'), new Date('2026-11-23T08:00:00Z')), 0);
  });
});
