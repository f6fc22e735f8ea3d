import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';

const version = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'unknown';
  }
};

/** The machine, and the Node the cluster ran on (`--node`), which may not be the bench's own. */
export function describeMachine(clusterNode: string) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    cluster_node: version(clusterNode, ['--version']),
    mariadb: version('mariadbd', ['--version']),
    redis: version('redis-server', ['--version']),
    nginx: version('nginx', ['-v']) || 'see stderr',
  };
}

type Row = [string, string];

/**
 * The figures the check-in cost issue is judged by, each against a yardstick
 * measured in the same run, so that the host's speed (which varied 4× between
 * sessions) cancels out:
 * - a check-in, one at a time, in bare-Express requests: its whole-machine
 *   CPU × the yardstick's requests per second ÷ (1000 × cores);
 * - one fan-out frame of the product ÷ one of a bare Socket.IO server.
 */
// biome-ignore lint/suspicious/noExplicitAny: the results JSON as the scenarios wrote it
export function ratios(results: Record<string, any>) {
  const cores = results.machine.cores as number;
  const checkInMs = results.rush?.one_at_a_time.cpu_ms_per_check_in['whole machine'];
  const bareRps = results.baseline?.requests_per_second;
  return {
    check_in_cost_in_bare_requests:
      checkInMs === undefined || bareRps === undefined
        ? null
        : Math.round(((checkInMs * bareRps) / (1000 * cores)) * 10) / 10,
    frame_cost_to_bare_socket_io: results.frame_cost?.product_per_frame_to_bare ?? null,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the results JSON as the scenarios wrote it; each scenario module owns its shape
export function renderTable(results: Record<string, any>): string {
  const rows: Row[] = [];
  const lat = (l: { p50_ms: number; p95_ms: number; p99_ms: number }) =>
    `p50 ${l.p50_ms} ms · p95 ${l.p95_ms} ms · p99 ${l.p99_ms} ms`;
  if (results.baseline)
    rows.push([
      'Baseline: bare Express (1 process)',
      `${results.baseline.requests_per_second} req/s · ${lat(results.baseline.latency)}`,
    ]);
  if (results.heartbeats) {
    const { at_interval: a, saturation: s } = results.heartbeats;
    rows.push([
      `Heartbeats at interval (${a.devices} devices / ${a.interval_seconds} s)`,
      `${a.accepted_per_second} accepted/s · ${lat(a.latency)} · errors ${a.network_errors}`,
    ]);
    const cost =
      s.node_cpu_ms_per_accepted === null
        ? ''
        : ` · app nodes ${s.node_cpu_ms_per_accepted} ms CPU per heartbeat on ${s.node_cores} cores`;
    rows.push([
      `Heartbeats saturated (${s.connections} connections)`,
      `${s.accepted_per_second} accepted/s · ${lat(s.latency)} · 429 ${s.rate_limited} · errors ${s.network_errors}${cost}`,
    ]);
    if (results.baseline)
      rows.push([
        'Saturated heartbeats ÷ bare Express',
        `${(s.accepted_per_second / results.baseline.requests_per_second).toFixed(2)}`,
      ]);
  }
  if (results.rush) {
    const r = results.rush;
    rows.push([
      `Morning rush HTTP (${r.employees} check-ins, ${r.admin_sockets} admins)`,
      `${lat(r.http_latency)} · accepted ${r.check_ins_accepted}`,
    ]);
    rows.push([
      'Check-in → admin socket',
      `${lat(r.check_in_to_socket_latency)} · missing ${r.events_missing} · duplicates ${r.duplicates_seen}`,
    ]);
    const cores = Object.entries(r.machine.cores_by_process as Record<string, number>)
      .map(([name, used]) => `${name} ${used}`)
      .join(' · ');
    const waited =
      r.machine.cpu_pressure_share === null
        ? ''
        : ` · something waited for a core ${Math.round(r.machine.cpu_pressure_share * 100)} % of the time`;
    rows.push([
      'Machine during the rush (cores)',
      `${Math.round(r.machine.busy_share * 100)} % of ${results.machine.cores} busy${waited} · ${cores}`,
    ]);
    const perCheckIn = Object.entries(r.one_at_a_time.cpu_ms_per_check_in as Record<string, number>)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(' · ');
    rows.push([
      'One check-in at a time (ms of CPU each)',
      `${perCheckIn} · HTTP p50 ${r.one_at_a_time.http_latency.p50_ms} ms`,
    ]);
    if (r.one_at_a_time.wakeups_per_check_in)
      rows.push([
        'One check-in at a time (wake-ups each)',
        Object.entries(r.one_at_a_time.wakeups_per_check_in as Record<string, number>)
          .map(([name, count]) => `${name} ${count}`)
          .join(' · '),
      ]);
  }
  if (results.burst) {
    const b = results.burst;
    rows.push([
      `Burst (${b.check_ins} check-ins at ${b.per_second}/s over ${b.app_nodes} nodes, 1 admin)`,
      `check-in → socket ${lat(b.check_in_to_socket_latency)} · HTTP p99 ${b.http_latency.p99_ms} ms · accepted ${b.check_ins_accepted} · missing ${b.events_missing} · duplicates ${b.duplicates_seen}`,
    ]);
  }
  if (results.frame_cost) {
    const f = results.frame_cost;
    rows.push([
      `Fan-out cost per frame (${f.sockets} sockets through nginx)`,
      `product ${f.product.cpu_us_per_frame} µs · bare Socket.IO ${f.bare_socket_io.cpu_us_per_frame} µs of CPU, whole machine`,
    ]);
  }
  const r = results.ratios ?? {};
  if (r.check_in_cost_in_bare_requests != null)
    rows.push(['One check-in ÷ one bare-Express request (CPU)', `${r.check_in_cost_in_bare_requests}`]);
  if (r.frame_cost_to_bare_socket_io != null)
    rows.push(['One fan-out frame ÷ one of bare Socket.IO (CPU)', `${r.frame_cost_to_bare_socket_io}`]);
  if (results.fanout) {
    const f = results.fanout;
    rows.push([
      `Fan-out (${f.sockets_reached} of ${f.sockets_requested} sockets)`,
      `last socket after ${f.time_to_last_socket_ms.join(' / ')} ms · ${f.server_rss_bytes_per_socket === null ? 'server memory per socket not measurable here (run --only fanout)' : `${f.server_rss_bytes_per_socket} B server RSS per socket`}`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
