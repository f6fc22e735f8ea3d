import { readFileSync } from 'node:fs';
import { latencyHistogram, microsSince, summarize } from '../histogram';
import { BENCH_ADMIN, BENCH_PIN, employeeCode, kioskToken } from '../seed';
import { adminCookie, closeAll, openAdminSockets, until, type AdminEvent } from '../sockets';

const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const totalRss = (pids: number[]) => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);

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
  options: { sockets: number; events: number; firstEmployee: number },
  tick: (phase: string, n: number) => void,
) {
  const cookie = await adminCookie(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const rssBefore = totalRss(nodePids);
  const clientHeapBefore = process.memoryUsage().heapUsed;
  const received = new Map<string, number>();
  const lastArrival = new Map<string, number>();
  let sentAt = 0;
  let target = Number.POSITIVE_INFINITY;
  const perSocket = latencyHistogram();
  const onEvent = (_socket: number, event: AdminEvent) => {
    const code = event.employeeCode ?? '';
    const count = (received.get(code) ?? 0) + 1;
    received.set(code, count);
    perSocket.recordValue(microsSince(sentAt));
    if (count === target) lastArrival.set(code, performance.now());
  };
  const { sockets, failed } = await openAdminSockets(nodeUrls, options.sockets, cookie, onEvent, (open) => tick('sockets connecting', open));
  // After other scenarios the nodes may give memory back while the sockets open (one full run
  // reported -1,727 B per socket); a growth that is not positive measures nothing.
  const grown = totalRss(nodePids) - rssBefore;
  const serverBytesPerSocket = nodePids.length && grown > 0 ? Math.round(grown / Math.max(1, sockets.length)) : null;
  const clientBytesPerSocket = Math.round((process.memoryUsage().heapUsed - clientHeapBefore) / Math.max(1, sockets.length));

  target = sockets.length;
  const lastSocketMs: number[] = [];
  for (let k = 0; k < options.events; k++) {
    const code = employeeCode(options.firstEmployee + k);
    sentAt = performance.now();
    const res = await fetch(`${baseUrl}/api/kiosk/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kioskToken(0)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ employee_code: code, pin: BENCH_PIN }),
    });
    if (res.status !== 201) throw new Error(`fan-out check-in answered ${res.status}`);
    await until(() => lastArrival.has(code), 30_000);
    const last = lastArrival.get(code);
    lastSocketMs.push(last === undefined ? Number.NaN : Math.round((last - sentAt) * 10) / 10);
    tick('events', k + 1);
  }
  closeAll(sockets);
  return {
    sockets_requested: options.sockets,
    sockets_reached: sockets.length,
    sockets_failed: failed,
    server_rss_bytes_per_socket: serverBytesPerSocket,
    client_heap_bytes_per_socket: clientBytesPerSocket,
    time_to_last_socket_ms: lastSocketMs,
    per_socket_latency: summarize(perSocket),
  };
}
