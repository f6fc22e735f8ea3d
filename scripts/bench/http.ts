import { Pool } from 'undici';
import { type Histogram, latencyHistogram, microsSince } from './histogram';

export interface RequestSpec {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  sent: number;
  byStatus: Record<string, number>;
  errors: number;
  seconds: number;
  latency: Histogram;
}

function newResult(): LoadResult {
  return { sent: 0, byStatus: {}, errors: 0, seconds: 0, latency: latencyHistogram() };
}

async function send(pool: Pool, spec: RequestSpec, result: LoadResult): Promise<void> {
  const started = performance.now();
  result.sent += 1;
  try {
    const res = await pool.request({
      path: spec.path,
      method: spec.method ?? 'POST',
      headers: spec.headers,
      body: spec.body,
    });
    await res.body.dump();
    result.latency.recordValue(microsSince(started));
    result.byStatus[res.statusCode] = (result.byStatus[res.statusCode] ?? 0) + 1;
  } catch {
    result.errors += 1;
  }
}

/**
 * Closed loop: `connections` callers, each sending its next request as soon
 * as the previous one answers, until `seconds` have passed — the most the
 * target can take with that many requests in flight.
 */
export async function closedLoop(
  origin: string,
  options: {
    connections: number;
    seconds: number;
    total?: number;
    next: (i: number) => RequestSpec;
    onTick?: (sent: number) => void;
  },
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1 });
  const result = newResult();
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  let counter = 0;
  const caller = async () => {
    while (performance.now() < deadline && counter < (options.total ?? Number.POSITIVE_INFINITY)) {
      await send(pool, options.next(counter++), result);
      if (result.sent % 500 === 0) options.onTick?.(result.sent);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, caller));
  result.seconds = (performance.now() - started) / 1000;
  await pool.close();
  return result;
}

/**
 * Open loop: `total` requests at a steady arrival rate over `seconds`,
 * whether or not earlier ones have answered (as kiosks and employees do),
 * with at most `maxInFlight` outstanding so a stalled target cannot make
 * the generator run out of memory.
 */
export async function openLoop(
  origin: string | string[],
  options: {
    total: number;
    seconds: number;
    connections: number;
    maxInFlight?: number;
    next: (i: number) => RequestSpec;
    onSent?: (i: number) => void;
    onTick?: (sent: number) => void;
  },
): Promise<LoadResult> {
  // Several origins (the app nodes themselves) take the requests in turn.
  const pools = [origin].flat().map((o) => new Pool(o, { connections: options.connections, pipelining: 1 }));
  const result = newResult();
  const gapMs = (options.seconds * 1000) / options.total;
  const maxInFlight = options.maxInFlight ?? 2000;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let i = 0; i < options.total; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    options.onSent?.(i);
    const request = send(pools[i % pools.length], options.next(i), result).finally(() => inFlight.delete(request));
    inFlight.add(request);
    if (i % 200 === 0) options.onTick?.(i);
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  await Promise.all(pools.map((pool) => pool.close()));
  return result;
}
