import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCursor } from '../../web/src/live/event-cursor';
import { applyNewer, mergeSnapshot } from '../../web/src/live/versioned';

// The admin console's rules for live data, without a browser: they decide
// whether what the admin sees is ever stale or wrong.

const row = (id: number, version: number, note = '') => ({ id, version, note });

describe('live updates in the admin console', () => {
  it('a late event never overwrites a newer row, and a repeated one changes nothing', () => {
    const rows = [row(1, 3, 'checked out')];
    assert.equal(applyNewer(rows, row(1, 2, 'checked in')), false);
    assert.equal(applyNewer(rows, row(1, 3, 'checked out')), false);
    assert.deepEqual(rows, [row(1, 3, 'checked out')]);
    assert.equal(applyNewer(rows, row(1, 4, 'corrected')), true);
    assert.equal(applyNewer(rows, row(2, 1, 'new check-in')), true);
    assert.deepEqual(rows, [row(1, 4, 'corrected'), row(2, 1, 'new check-in')]);
  });

  it('a snapshot read before an event keeps what the event brought, and drops rows that are gone', () => {
    const onPage = [row(1, 2, 'from an event'), row(2, 1, 'still today'), row(3, 1, 'deleted')];
    const snapshot = [row(1, 1, 'old'), row(4, 1, 'missed while away')];
    const merged = mergeSnapshot(onPage, snapshot, (r) => r.id === 2);
    assert.deepEqual(merged, [row(1, 2, 'from an event'), row(4, 1, 'missed while away'), row(2, 1, 'still today')]);
  });

  it('each event is applied once, however often it is delivered', () => {
    const cursor = new EventCursor(10);
    assert.equal(cursor.take(11, false), true);
    assert.equal(cursor.take(11, false), false);
    assert.equal(cursor.take(11, true), false);
    assert.equal(cursor.position, 11);
  });

  it('after an event arrives out of order, catch-up still asks for the one in flight before it', () => {
    const cursor = new EventCursor(10);
    cursor.take(13, false);
    assert.equal(cursor.position, 10, 'events 11 and 12 are not seen yet');
    cursor.take(11, false);
    cursor.take(12, false);
    assert.equal(cursor.position, 13, 'once the gap is filled the position moves past all three');
  });

  it('catch-up moves the position to the last event the server listed, skipping gaps it did not list', () => {
    const cursor = new EventCursor(10);
    cursor.take(12, true);
    cursor.take(15, true);
    assert.equal(cursor.position, 15);
    cursor.reset(40);
    assert.equal(cursor.position, 40);
  });
});
