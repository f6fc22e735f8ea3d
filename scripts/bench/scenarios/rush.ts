import { summarize } from '../histogram';
import { closedLoop, openLoop, type RequestSpec } from '../http';
import { cpuMsPerOperation, measureMachine, type ProcessGroups, wakeupsPerOperation } from '../machine-usage';
import { BENCH_ADMIN, BENCH_PIN, employeeCode, kioskToken } from '../seed';
import { adminCookie, until } from '../sockets';
import { openAdminWatchers } from '../watchers';

/** A BENCH employee's check-in at one of `kiosks` kiosks, by the employee's index. */
export const kioskCheckIn = (employee: number, kiosks: number): RequestSpec => ({
  path: '/api/kiosk/check-in',
  headers: { authorization: `Bearer ${kioskToken(employee % kiosks)}`, 'content-type': 'application/json' },
  body: JSON.stringify({ employee_code: employeeCode(employee), pin: BENCH_PIN }),
});

/**
 * The morning rush: `employees` check in at `kiosks` kiosks, evenly within
 * `seconds`, while `admins` admin sockets (through nginx) watch. Latency is
 * taken at each socket, per event: from the moment the kiosk sent the
 * check-in to the moment that admin had it. Every socket must see every
 * accepted check-in exactly once.
 */
export async function runRush(
  baseUrl: string,
  processGroups: ProcessGroups,
  options: {
    employees: number;
    warmupEmployees: number;
    probeEmployees: { first: number; count: number };
    kiosks: number;
    admins: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    watcherThreads: number;
  },
  tick: (phase: string, n: number) => void,
) {
  const cookie = await adminCookie(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const watchers = await openAdminWatchers({
    urls: [baseUrl],
    count: options.admins,
    cookie,
    firstEmployee: 0,
    employees: options.employees,
    threads: options.watcherThreads,
    progress: (open) => tick('admins connecting', open),
  });
  const checkIn = (employee: number) => kioskCheckIn(employee, options.kiosks);

  // At the same pace, by employees after the measured ones (their events are not counted): a
  // fresh cluster's first seconds (JIT, pools, caches) are a start-up cost, not the rush's.
  await openLoop(baseUrl, {
    total: options.warmupEmployees,
    seconds: options.warmupSeconds,
    connections: options.connections,
    next: (i) => checkIn(options.employees + i),
    onTick: (sent) => tick('warm-up', sent),
  });
  // Then one at a time, with the same admins watching: what a check-in costs each party when
  // nothing queues. (Its employees are outside the measured range, so the sockets ignore them.)
  const probe = options.probeEmployees;
  const machineOneAtATime = measureMachine(processGroups);
  const oneAtATime = await closedLoop(baseUrl, {
    connections: 1,
    seconds: 5,
    total: probe.count,
    next: (i) => checkIn(probe.first + i),
    onTick: (sent) => tick('one at a time', sent),
  });
  const probeUsage = machineOneAtATime();
  const probeAccepted = oneAtATime.byStatus['201'] ?? 0;

  const machineDuringRush = measureMachine(processGroups);
  const http = await openLoop(baseUrl, {
    total: options.employees,
    seconds: options.seconds,
    connections: options.connections,
    onSent: (i) => watchers.sent(i),
    next: checkIn,
    onTick: (sent) => tick('check-ins', sent),
  });
  const machine = machineDuringRush();
  const accepted = http.byStatus['201'] ?? 0;
  const expected = accepted * watchers.open;
  await until(() => watchers.delivered() >= expected, 30_000);
  const delivered = watchers.delivered();
  const latency = await watchers.close();
  return {
    employees: options.employees,
    warmup_check_ins: options.warmupEmployees,
    kiosks: options.kiosks,
    admin_sockets: watchers.open,
    admin_sockets_failed: watchers.failed,
    watcher_threads: options.watcherThreads,
    check_ins_accepted: accepted,
    check_in_other_statuses: Object.fromEntries(Object.entries(http.byStatus).filter(([s]) => s !== '201')),
    network_errors: http.errors,
    http_latency: summarize(http.latency),
    socket_deliveries_expected: expected,
    socket_deliveries: delivered,
    events_missing: expected - delivered,
    duplicates_seen: watchers.duplicates(),
    check_in_to_socket_latency: summarize(latency),
    machine,
    one_at_a_time: {
      check_ins_accepted: probeAccepted,
      http_latency: summarize(oneAtATime.latency),
      cpu_ms_per_check_in: cpuMsPerOperation(probeUsage, probeAccepted),
      wakeups_per_check_in: wakeupsPerOperation(probeUsage, probeAccepted),
    },
  };
}
