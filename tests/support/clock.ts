import type { Clock } from '../../server/clock';

interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
  /** From now on every read moves time on by `ms` after it (0: back to standing still). */
  advanceOnEachRead(ms: number): void;
}

/** Time that only moves when a test says so. */
export function createTestClock(startIso: string): TestClock {
  let now = Date.parse(startIso);
  let step = 0;
  const clock = (() => {
    const read = new Date(now);
    now += step;
    return read;
  }) as TestClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.advanceOnEachRead = (ms) => {
    step = ms;
  };
  return clock;
}
