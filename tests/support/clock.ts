import type { Clock } from '../../server/clock';

interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

/** Time that only moves when a test says so. */
export function createTestClock(startIso: string): TestClock {
  let now = Date.parse(startIso);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
