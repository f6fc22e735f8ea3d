import type { OutboxEvent } from '../events/types';
import { BATCH_EVENT } from './protocol';

/** Monotonic time and a cancellable timeout, so tests can drive the throttle without sleeping. */
export interface ThrottleTimer {
  now(): number;
  after(ms: number, callback: () => void): () => void;
}

// Monotonic, and not the app's Clock: tests freeze that one, and a wall-clock step must not stall delivery.
const realThrottleTimer: ThrottleTimer = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

type EmitToAdmins = (type: string, payload: OutboxEvent | OutboxEvent[]) => void;

/** How long one node waits between frames to its admins during a burst. */
interface FramePacing {
  /** The shortest window, whatever the number of sockets. */
  minWindowMs: number;
  /** The longest window: what a watcher may wait for an event in the worst case. */
  maxWindowMs: number;
  /** Frames per second this node may write to its admins while events keep coming. */
  framesPerSecond: number;
}

/**
 * The window that keeps a node within its frame budget: a frame is one write
 * per socket, so 250 admins on a node at 4,000 frames/s wait 62.5 ms, and 10
 * admins barely wait at all. A constant window made small offices wait for
 * the sake of large ones and still let large ones overrun the machine.
 */
export function frameWindowMs(sockets: number, pacing: FramePacing): number {
  return Math.min(pacing.maxWindowMs, Math.max(pacing.minWindowMs, (sockets * 1000) / pacing.framesPerSecond));
}

/**
 * A leading-edge throttle for one node's admin sockets. Every frame costs a
 * write per socket, and in a burst (the bench's morning rush to 1,000 admins)
 * one frame per event was more than two cores could write
 * (docs/BENCHMARKS.md, first round). So the first event after a quiet spell
 * goes out at once, and events that arrive while `windowMs()` since the last
 * frame has not passed wait and go out together, as one `events.batch` in id
 * order, when it has. The window is read at each frame, so it follows the
 * number of sockets.
 */
export function createEventCoalescer(
  windowMs: () => number,
  emit: EmitToAdmins,
  timer: ThrottleTimer = realThrottleTimer,
) {
  let windowEndsAt = Number.NEGATIVE_INFINITY;
  let waiting: OutboxEvent[] = [];
  let cancelFlush: (() => void) | null = null;

  function send(events: OutboxEvent[]): void {
    windowEndsAt = timer.now() + windowMs();
    if (events.length === 1) emit(events[0].type, events[0]);
    else emit(BATCH_EVENT, events);
  }

  function flush(): void {
    cancelFlush = null;
    const events = waiting.sort((a, b) => a.id - b.id);
    waiting = [];
    send(events);
  }

  return {
    push(event: OutboxEvent): void {
      if (windowMs() === 0) {
        emit(event.type, event);
        return;
      }
      if (cancelFlush === null && timer.now() >= windowEndsAt) {
        send([event]);
        return;
      }
      waiting.push(event);
      cancelFlush ??= timer.after(windowEndsAt - timer.now(), flush);
    },
    /** Drops what waits: the sockets are closing, and pages catch up from the event log when they reconnect. */
    close(): void {
      cancelFlush?.();
      cancelFlush = null;
      waiting = [];
    },
  };
}
