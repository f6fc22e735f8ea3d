import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutboxEvent } from '../../server/events/types';
import { createEventCoalescer, frameWindowMs, type ThrottleTimer } from '../../server/realtime/coalescer';
import { asOutboxEvent } from '../../server/realtime/event-message';

/** Time that moves only when the test says so, firing due timeouts on the way. */
function fakeTimer() {
  let now = 0;
  let pending: { at: number; callback: () => void }[] = [];
  const timer: ThrottleTimer & { advance(ms: number): void; pendingCount(): number } = {
    now: () => now,
    after(ms, callback) {
      const entry = { at: now + ms, callback };
      pending.push(entry);
      return () => (pending = pending.filter((e) => e !== entry));
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = pending.filter((e) => e.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        pending = pending.filter((e) => e !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
    pendingCount: () => pending.length,
  };
  return timer;
}

const event = (id: number, type: OutboxEvent['type'] = 'attendance.created'): OutboxEvent => ({
  id,
  type,
  occurred_at: '2026-11-23T00:30:00.000Z',
  data: { id },
});

function setUp(windowMs: number | (() => number) = 40) {
  const timer = fakeTimer();
  const frames: { at: number; type: string; ids: number[] }[] = [];
  const coalescer = createEventCoalescer(
    typeof windowMs === 'function' ? windowMs : () => windowMs,
    (type, payload) =>
      frames.push({ at: timer.now(), type, ids: Array.isArray(payload) ? payload.map((e) => e.id) : [payload.id] }),
    timer,
  );
  return { timer, frames, coalescer };
}

describe('coalescing admin events per node', () => {
  it('the first event after a quiet spell goes out at once, on its own, as its own type', () => {
    const { timer, frames, coalescer } = setUp();
    coalescer.push(event(1, 'device.status_changed'));
    assert.deepEqual(frames, [{ at: 0, type: 'device.status_changed', ids: [1] }]);
    timer.advance(1000);
    coalescer.push(event(2));
    assert.deepEqual(frames.at(-1), { at: 1000, type: 'attendance.created', ids: [2] });
    assert.equal(timer.pendingCount(), 0, 'a quiet node keeps no timer');
  });

  it('events arriving within the window go out together when it ends, as one events.batch in id order', () => {
    const { timer, frames, coalescer } = setUp();
    coalescer.push(event(10));
    timer.advance(5);
    coalescer.push(event(13));
    coalescer.push(event(11, 'attendance.updated'));
    timer.advance(10);
    coalescer.push(event(12));
    assert.equal(frames.length, 1, 'nothing more before the window ends');
    timer.advance(25);
    assert.deepEqual(frames, [
      { at: 0, type: 'attendance.created', ids: [10] },
      { at: 40, type: 'events.batch', ids: [11, 12, 13] },
    ]);
  });

  it('an event arriving the moment the window ends goes out at once; one a millisecond before waits for that moment', () => {
    const early = setUp();
    early.coalescer.push(event(1));
    early.timer.advance(39);
    early.coalescer.push(event(2));
    assert.equal(early.frames.length, 1, 'at 39 ms the window is still open');
    early.timer.advance(1);
    assert.deepEqual(early.frames.at(-1), { at: 40, type: 'attendance.created', ids: [2] });

    const onTime = setUp();
    onTime.coalescer.push(event(1));
    onTime.timer.advance(40);
    onTime.coalescer.push(event(2));
    assert.deepEqual(onTime.frames.at(-1), { at: 40, type: 'attendance.created', ids: [2] });
    assert.equal(onTime.timer.pendingCount(), 0, 'sent on the spot, no timer');
  });

  it('a window that collected a single event sends it as its own type', () => {
    const { timer, frames, coalescer } = setUp();
    coalescer.push(event(1));
    timer.advance(20);
    coalescer.push(event(2, 'attendance.updated'));
    timer.advance(20);
    assert.deepEqual(frames.at(-1), { at: 40, type: 'attendance.updated', ids: [2] });
  });

  it('during a sustained burst a node sends at most one frame per window, every event exactly once, none held longer than a window', () => {
    const { timer, frames, coalescer } = setUp();
    const pushedAt = new Map<number, number>();
    // 83 events/s, as in the morning rush: one every 12 ms for a second.
    for (let id = 1; id <= 83; id++) {
      pushedAt.set(id, timer.now());
      coalescer.push(event(id));
      timer.advance(12);
    }
    timer.advance(100);
    assert.deepEqual(
      frames.flatMap((f) => f.ids),
      [...pushedAt.keys()],
    );
    for (let i = 1; i < frames.length; i++)
      assert.ok(
        frames[i].at - frames[i - 1].at >= 40,
        `frames ${i - 1} and ${i} are ${frames[i].at - frames[i - 1].at} ms apart`,
      );
    for (const frame of frames)
      for (const id of frame.ids)
        assert.ok(frame.at - pushedAt.get(id)! <= 40, `event ${id} waited ${frame.at - pushedAt.get(id)!} ms`);
    assert.ok(frames.length <= 1000 / 40 + 2, `${frames.length} frames for 83 events`);
  });

  it('the window is measured from the last frame: after a batch, the next event waits for the next window too', () => {
    const { timer, frames, coalescer } = setUp();
    coalescer.push(event(1));
    timer.advance(10);
    coalescer.push(event(2));
    coalescer.push(event(3));
    timer.advance(30); // batch at 40
    timer.advance(10);
    coalescer.push(event(4));
    assert.equal(frames.length, 2);
    timer.advance(30);
    assert.deepEqual(frames.at(-1), { at: 80, type: 'attendance.created', ids: [4] });
    timer.advance(40);
    coalescer.push(event(5));
    assert.deepEqual(
      frames.at(-1),
      { at: 120, type: 'attendance.created', ids: [5] },
      'a full quiet window later it goes out at once again',
    );
  });

  it('with a window of 0 every event goes out on its own at once', () => {
    const { timer, frames, coalescer } = setUp(0);
    for (const id of [3, 1, 2]) coalescer.push(event(id));
    assert.deepEqual(
      frames.map((f) => f.ids),
      [[3], [1], [2]],
    );
    assert.equal(timer.pendingCount(), 0);
  });

  it('the window follows the admins connected to the node: a frame budget per second, within a floor and a ceiling', () => {
    const pacing = { minWindowMs: 5, maxWindowMs: 250, framesPerSecond: 4000 };
    assert.equal(frameWindowMs(1, pacing), 5, 'one admin barely waits');
    assert.equal(frameWindowMs(100, pacing), 25);
    assert.equal(frameWindowMs(250, pacing), 62.5, '250 admins at 4,000 frames/s: 16 frames each per second');
    assert.equal(frameWindowMs(5000, pacing), 250, 'never longer than the ceiling');
  });

  it('the window is taken at each frame, so admins who connect during a burst lengthen the next window', () => {
    let sockets = 40;
    const { timer, frames, coalescer } = setUp(() =>
      frameWindowMs(sockets, { minWindowMs: 0, maxWindowMs: 250, framesPerSecond: 4000 }),
    );
    coalescer.push(event(1));
    coalescer.push(event(2));
    timer.advance(5);
    sockets = 400;
    timer.advance(5);
    coalescer.push(event(3));
    timer.advance(200);
    assert.deepEqual(frames, [
      { at: 0, type: 'attendance.created', ids: [1] },
      { at: 10, type: 'attendance.created', ids: [2] },
      { at: 110, type: 'attendance.created', ids: [3] },
    ]);
  });

  it('closing stops the timer and drops what waits, since the sockets are going away', () => {
    const { timer, frames, coalescer } = setUp();
    coalescer.push(event(1));
    coalescer.push(event(2));
    assert.equal(timer.pendingCount(), 1);
    coalescer.close();
    assert.equal(timer.pendingCount(), 0);
    timer.advance(100);
    assert.equal(frames.length, 1);
  });

  it('only well-formed events are taken from the adapter', () => {
    const good = event(7);
    assert.deepEqual(asOutboxEvent(good), good);
    for (const bad of [
      null,
      42,
      'text',
      [],
      { id: '7', type: 'attendance.created', occurred_at: 'x', data: {} },
      { id: 7, type: 'attendance.created', occurred_at: 'x' },
      { id: 7, occurred_at: 'x', data: {} },
    ]) {
      assert.equal(asOutboxEvent(bad), null, JSON.stringify(bad));
    }
  });
});
