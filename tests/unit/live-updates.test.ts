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

  it('an old event from catch-up never moves the position back', () => {
    const cursor = new EventCursor(20);
    cursor.take(15, true);
    assert.equal(cursor.position, 20);
  });

  it('a live event that came early counts once catch-up brings the one before it', () => {
    const cursor = new EventCursor(10);
    cursor.take(12, false);
    cursor.take(13, false);
    assert.equal(cursor.position, 10);
    cursor.take(11, true);
    assert.equal(cursor.position, 13, 'catch-up asks for what comes after 13 next, not for 12 and 13 again');
    assert.equal(cursor.take(12, true), false, 'and if it lists them anyway they are not applied twice');
  });

  it('after a snapshot reload, live events continue from the snapshot’s position', () => {
    const cursor = new EventCursor(10);
    cursor.take(12, false);
    cursor.reset(40);
    assert.equal(cursor.take(42, false), true);
    assert.equal(cursor.position, 40, 'event 41 is still in flight');
    assert.equal(cursor.take(41, false), true);
    assert.equal(cursor.position, 42);
  });

  it('after a long day of events, a recent one delivered again is still applied only once', () => {
    const cursor = new EventCursor(0);
    for (let id = 1; id <= 20_000; id++) cursor.take(id, false);
    assert.equal(cursor.position, 20_000);
    for (const id of [20_000, 19_999, 19_000]) assert.equal(cursor.take(id, false), false, `event ${id} again`);
    assert.equal(cursor.take(20_001, false), true);
    assert.equal(cursor.position, 20_001);
  });
});
