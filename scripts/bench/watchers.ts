import { Worker } from 'node:worker_threads';
import * as hdr from 'hdr-histogram-js';
import { type Histogram, latencyHistogram } from './histogram';

/** Wall-clock ms with sub-ms precision, comparable across threads (each thread's performance.now() has its own origin). */
export const now = () => performance.timeOrigin + performance.now();

/** What a watcher thread is given: its sockets and the shared memory every thread counts into. */
export interface WatcherSetup {
  cookie: string;
  /** Its share of the sockets: a global index (for `seen`) and the URL to connect to. */
  sockets: { index: number; url: string }[];
  batch: number;
  /** BENCH employees firstEmployee … firstEmployee + employees - 1 are the ones counted. */
  firstEmployee: number;
  employees: number;
  memory: {
    seen: SharedArrayBuffer;
    perEmployee: SharedArrayBuffer;
    lastArrival: SharedArrayBuffer;
    sentAt: SharedArrayBuffer;
    totals: SharedArrayBuffer;
  };
}

/**
 * The views of the shared memory:
 * - seen: one byte per (socket, employee), so duplicates and gaps are exact without millions of Set entries;
 * - perEmployee: how many sockets have each employee's check-in, lastArrival: when the last one got it;
 * - sentAt: when the generator sent each check-in; totals: delivered, duplicates, sockets open, frames that carried
 *   a counted check-in.
 */
export function sharedTally(setup: Pick<WatcherSetup, 'memory'>) {
  const { seen, perEmployee, lastArrival, sentAt, totals } = setup.memory;
  return {
    seen: new Uint8Array(seen),
    perEmployee: new Int32Array(perEmployee),
    lastArrival: new Float64Array(lastArrival),
    sentAt: new Float64Array(sentAt),
    totals: new Int32Array(totals),
  };
}

// tsx's --import hooks do not reach worker threads (privatenumber/tsx#354): the thread registers them itself.
const WATCHER_THREAD = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./watcher-thread.ts', import.meta.url).href)}); })`;

// Handshakes in flight across all threads, as the single-thread generator had.
const HANDSHAKES_AT_ONCE = 200;

type FromThread =
  | { kind: 'opened'; opened: number; failed: number }
  | { kind: 'ready' }
  | { kind: 'closed'; latency: string };

/**
 * Admin browsers played by the generator, spread over worker threads. In one
 * thread the generator's own loop was what events waited for at 1,000 admins,
 * and that wait was counted as the product's latency (docs/BENCHMARKS.md, the
 * introduction and the fourth round). Sockets go round-robin over `urls`; a
 * thread stops opening when a whole batch fails (the machine's limit).
 */
export async function openAdminWatchers(options: {
  urls: string[];
  count: number;
  cookie: string;
  firstEmployee: number;
  employees: number;
  threads: number;
  progress: (open: number) => void;
}) {
  const memory = {
    seen: new SharedArrayBuffer(options.count * options.employees),
    perEmployee: new SharedArrayBuffer(4 * options.employees),
    lastArrival: new SharedArrayBuffer(8 * options.employees),
    sentAt: new SharedArrayBuffer(8 * options.employees),
    totals: new SharedArrayBuffer(4 * 4),
  };
  const tally = sharedTally({ memory });
  const threads = Math.max(1, Math.min(options.threads, options.count));
  let open = 0;
  let failed = 0;
  const workers = Array.from({ length: threads }, (_, t) => {
    const sockets = [];
    for (let index = t; index < options.count; index += threads)
      sockets.push({ index, url: options.urls[index % options.urls.length] });
    const setup: WatcherSetup = {
      cookie: options.cookie,
      sockets,
      batch: Math.ceil(HANDSHAKES_AT_ONCE / threads),
      firstEmployee: options.firstEmployee,
      employees: options.employees,
      memory,
    };
    return new Worker(WATCHER_THREAD, { eval: true, workerData: setup });
  });
  const next = (worker: Worker, kind: FromThread['kind']) =>
    new Promise<FromThread>((resolve, reject) => {
      const onMessage = (message: FromThread) => {
        if (message.kind === 'opened') {
          open += message.opened;
          failed += message.failed;
          options.progress(open);
        }
        if (message.kind !== kind) return;
        worker.off('message', onMessage).off('error', reject);
        resolve(message);
      };
      worker.on('message', onMessage).once('error', reject);
    });
  await Promise.all(workers.map((worker) => next(worker, 'ready')));
  Atomics.store(tally.totals, 2, open);

  return {
    open,
    failed,
    /** Marks (and returns) the moment the generator sends an employee's check-in; `employee` is the BENCH index. */
    sent(employee: number): number {
      const at = now();
      tally.sentAt[employee - options.firstEmployee] = at;
      return at;
    },
    delivered: () => Atomics.load(tally.totals, 0),
    duplicates: () => Atomics.load(tally.totals, 1),
    frames: () => Atomics.load(tally.totals, 3),
    /** When the last open socket got this employee's check-in, in `now()` time; undefined until then. */
    lastArrival(employee: number): number | undefined {
      // Written once, by the thread whose socket was the last to get it.
      const at = tally.lastArrival[employee - options.firstEmployee];
      return at > 0 ? at : undefined;
    },
    /** Closes every socket and returns the latencies (check-in sent → socket had it) of all threads. */
    async close(): Promise<Histogram> {
      const latency = latencyHistogram();
      const closed = await Promise.all(
        workers.map((worker) => {
          const reply = next(worker, 'closed');
          worker.postMessage({ kind: 'close' });
          return reply;
        }),
      );
      for (const reply of closed)
        if (reply.kind === 'closed') latency.add(hdr.decodeFromCompressedBase64(reply.latency));
      await Promise.all(workers.map((worker) => worker.terminate()));
      return latency;
    },
  };
}
