import { summarize } from '../histogram';
import { totalRss } from '../node-usage';
import { BENCH_ADMIN, BENCH_PIN, employeeCode, kioskToken } from '../seed';
import { adminCookie, until } from '../sockets';
import { openAdminWatchers } from '../watchers';

/**
 * Fan-out: as many admin sockets as the machine allows (up to `sockets`),
 * straight to the app nodes (through nginx each socket would need two file
 * descriptors), then `events` check-ins one at a time: how long until the
 * last socket has each. Memory per socket is the app nodes' RSS growth.
 */
export async function runFanout(
  baseUrl: string,
  nodeUrls: string[],
  nodePids: number[],
  options: { sockets: number; events: number; firstEmployee: number; watcherThreads: number },
  tick: (phase: string, n: number) => void,
) {
  const cookie = await adminCookie(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const rssBefore = totalRss(nodePids);
  const watchers = await openAdminWatchers({
    urls: nodeUrls,
    count: options.sockets,
    cookie,
    firstEmployee: options.firstEmployee,
    employees: options.events,
    threads: options.watcherThreads,
    progress: (open) => tick('sockets connecting', open),
  });
  // After other scenarios the nodes may give memory back while the sockets open (a full run reported a negative
  // memory per socket: docs/BENCHMARKS.md, third round); a growth that is not positive measures nothing.
  const grown = totalRss(nodePids) - rssBefore;
  const serverBytesPerSocket = nodePids.length && grown > 0 ? Math.round(grown / Math.max(1, watchers.open)) : null;

  const lastSocketMs: number[] = [];
  for (let k = 0; k < options.events; k++) {
    const employee = options.firstEmployee + k;
    const code = employeeCode(employee);
    const sentAt = watchers.sent(employee);
    const res = await fetch(`${baseUrl}/api/kiosk/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kioskToken(0)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ employee_code: code, pin: BENCH_PIN }),
    });
    if (res.status !== 201) throw new Error(`fan-out check-in answered ${res.status}`);
    await until(() => watchers.lastArrival(employee) !== undefined, 30_000);
    const last = watchers.lastArrival(employee);
    lastSocketMs.push(last === undefined ? Number.NaN : Math.round((last - sentAt) * 10) / 10);
    tick('events', k + 1);
  }
  const perSocket = await watchers.close();
  return {
    sockets_requested: options.sockets,
    sockets_reached: watchers.open,
    sockets_failed: watchers.failed,
    watcher_threads: options.watcherThreads,
    server_rss_bytes_per_socket: serverBytesPerSocket,
    time_to_last_socket_ms: lastSocketMs,
    per_socket_latency: summarize(perSocket),
  };
}
