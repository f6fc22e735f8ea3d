import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarDay } from '../../server/http/params';

// The attendance history's date_from / date_to: a day that does not exist is
// refused, rather than read as another day (Date.parse takes 2026-02-30 as 2 March).

const refusal = (value: string) => {
  const result = calendarDay.safeParse(value);
  return result.success ? null : result.error.issues.map((issue) => issue.message).join('; ');
};

describe('a calendar day in a query', () => {
  it('a real day is taken as it was written', () => {
    for (const day of ['2026-11-23', '2026-01-01', '2026-12-31', '2026-04-30'])
      assert.deepEqual(calendarDay.safeParse(day), { success: true, data: day });
  });

  it('2026-02-30 is refused as not a calendar date, and so are other days past the end of their month', () => {
    for (const day of ['2026-02-30', '2026-02-31', '2026-04-31', '2026-06-31', '2026-11-31'])
      assert.equal(refusal(day), 'not a calendar date', day);
  });

  it('29 February is taken in a leap year (2028, 2000) and refused in others (2026, 2100)', () => {
    assert.equal(refusal('2028-02-29'), null);
    assert.equal(refusal('2000-02-29'), null);
    assert.equal(refusal('2026-02-29'), 'not a calendar date');
    assert.equal(refusal('2100-02-29'), 'not a calendar date');
  });

  it('month 0 or 13 and day 0 are refused', () => {
    for (const day of ['2026-00-10', '2026-13-01', '2026-01-00'])
      assert.equal(refusal(day), 'not a calendar date', day);
  });

  it('anything but YYYY-MM-DD is refused with the expected format, even when it names a real day', () => {
    for (const text of ['2026-1-5', '2026/01/05', '20260105', '23-11-2026', '2026-11-23T00:00:00Z', ' 2026-11-23', ''])
      assert.match(refusal(text) ?? 'accepted', /^expected YYYY-MM-DD/, JSON.stringify(text));
  });
});
