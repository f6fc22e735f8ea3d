import { summarize } from '../histogram';
import { openLoop } from '../http';
import { BENCH_ADMIN } from '../seed';
import { adminCookie, until } from '../sockets';
import { openAdminWatchers } from '../watchers';
import { kioskCheckIn } from './rush';

/**
 * A burst at the kiosks: `count` check-ins at `perSecond` (open loop), sent
 * in turn straight to each app node, while one admin socket watches through
 * nginx. Not a saturation test: at this pace nothing needs to queue, so the
 * check-in → socket tail is the path itself, every hop of it.
 */
export async function runBurst(
  baseUrl: string,
  nodeUrls: string[],
  options: { first: number; count: number; perSecond: number; kiosks: number; watcherThreads: number },
  tick: (phase: string, n: number) => void,
) {
  const cookie = await adminCookie(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const watchers = await openAdminWatchers({
    urls: [baseUrl],
    count: 1,
    cookie,
    firstEmployee: options.first,
    employees: options.count,
    threads: 1,
    progress: (open) => tick('admins connecting', open),
  });
  const http = await openLoop(nodeUrls, {
    total: options.count,
    seconds: options.count / options.perSecond,
    connections: options.count,
    onSent: (i) => watchers.sent(options.first + i),
    next: (i) => kioskCheckIn(options.first + i, options.kiosks),
    onTick: (sent) => tick('check-ins', sent),
  });
  const accepted = http.byStatus['201'] ?? 0;
  await until(() => watchers.delivered() >= accepted, 30_000);
  const delivered = watchers.delivered();
  const latency = await watchers.close();
  return {
    check_ins: options.count,
    per_second: options.perSecond,
    app_nodes: nodeUrls.length,
    check_ins_accepted: accepted,
    check_in_other_statuses: Object.fromEntries(Object.entries(http.byStatus).filter(([s]) => s !== '201')),
    network_errors: http.errors,
    http_latency: summarize(http.latency),
    events_missing: accepted - delivered,
    duplicates_seen: watchers.duplicates(),
    check_in_to_socket_latency: summarize(latency),
  };
}
