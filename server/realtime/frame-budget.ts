/** One interval of a node's life, as shares of its wall time. */
interface LoadReading {
  /** Event-loop utilization: the share of time the node was not waiting for I/O. */
  busy: number;
  /** The share it spent writing frames to its admin sockets. */
  framing: number;
}

// Above this share, requests queue behind the loop: a check-in waits before it is even read.
const OVERLOADED = 0.85;
// Below it the node has room again, and admins get their frames sooner.
const RELAXED = 0.5;
// Frames are worth thinning only when they are a real part of the load: a node busy with
// check-ins and watched by a handful of admins would only make them wait for nothing.
const FRAMES_MATTER = 0.05;
// A floor, so that once the load passes the budget is back within seconds. (However low the
// budget, the window itself never exceeds REALTIME_COALESCE_MAX_MS.)
const LOWEST_SHARE_OF_CEILING = 1 / 64;

/**
 * The frames per second a node allows itself, adapted to the machine it runs
 * on. REALTIME_FRAMES_PER_SECOND is the ceiling; each reading that finds the
 * loop overloaded while frames are a real part of its work halves the
 * budget, and each relaxed one gives back a tenth. A fixed budget was right
 * for one host only: on a slower one, a hundred admins' frames pushed the
 * machine into overload and every check-in queued behind them
 * (docs/BENCHMARKS.md, third round).
 */
export function createFrameBudget(ceiling: number) {
  const floor = ceiling * LOWEST_SHARE_OF_CEILING;
  let framesPerSecond = ceiling;
  return {
    framesPerSecond: () => framesPerSecond,
    /** Takes one interval's reading; returns the new budget when it changed. */
    observe({ busy, framing }: LoadReading): number | null {
      const before = framesPerSecond;
      if (busy > OVERLOADED && framing > FRAMES_MATTER) framesPerSecond = Math.max(floor, framesPerSecond / 2);
      else if (busy < RELAXED) framesPerSecond = Math.min(ceiling, framesPerSecond * 1.1);
      return framesPerSecond === before ? null : framesPerSecond;
    },
  };
}

type FrameBudget = ReturnType<typeof createFrameBudget>;

/** Where a node's load readings come from; tests pass their own. */
interface LoadGauge {
  /** Wraps the function that writes a frame, to time it. */
  timeFraming<A extends unknown[]>(write: (...args: A) => void): (...args: A) => void;
  /** The reading since the last call. */
  read(): LoadReading;
}

export function createLoadGauge(now: () => number = () => performance.now()): LoadGauge {
  let framingMs = 0;
  let since = now();
  let loop = performance.eventLoopUtilization();
  return {
    timeFraming:
      (write) =>
      (...args) => {
        const started = now();
        write(...args);
        framingMs += now() - started;
      },
    read() {
      const at = now();
      const reading = {
        busy: performance.eventLoopUtilization(loop).utilization,
        framing: framingMs / Math.max(1, at - since),
      };
      loop = performance.eventLoopUtilization();
      framingMs = 0;
      since = at;
      return reading;
    },
  };
}

/** Feeds the budget a reading every `intervalMs`; returns the stop function. */
export function adaptFrameBudget(
  budget: FrameBudget,
  gauge: LoadGauge,
  intervalMs: number,
  onChange: (framesPerSecond: number, reading: LoadReading) => void,
): () => void {
  const timer = setInterval(() => {
    const reading = gauge.read();
    const changed = budget.observe(reading);
    if (changed !== null) onChange(changed, reading);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
