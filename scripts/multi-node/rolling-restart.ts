import { ApiClient } from '../../tests/support/api-client';
import type { TestEnvironment } from '../../tests/support/environment';
import { ADMIN, createAdmin, createDevice, createKioskEmployees } from '../../tests/support/fixtures';
import type { Cluster } from '../cluster';
import { watchAdminSockets } from './admin-sockets';
import { type LoadReport, startLoad } from './load';
import { waitUntil } from './wait-until';

interface RollingRestartOptions {
  devices: number;
  employees: number;
  adminSockets: number;
  checkInConcurrency: number;
  checkInPauseMs: number;
  heartbeatIntervalMs: number;
  /** Answers to wait for before the first restart and after the last one. */
  answersAround: number;
}

export const DEFAULT_ROLLING_OPTIONS: RollingRestartOptions = {
  devices: 30,
  employees: 6000,
  adminSockets: 8,
  checkInConcurrency: 4,
  checkInPauseMs: 20,
  // Just over the API's one heartbeat per device per 10 s.
  heartbeatIntervalMs: 10_500,
  answersAround: 100,
};

interface RollingRestartReport {
  baseUrl: string;
  restarted: string[];
  load: LoadReport;
  /** Employees left unchecked when the load stopped; 0 means the check-ins ran out early. */
  employeesLeft: number;
  sockets: {
    count: number;
    disconnects: number;
    reconnects: number;
    allReconnected: boolean;
    sawLiveEventAfterwards: number;
  };
}

const NODE_BACK_TIMEOUT_MS = 20_000;
const EVENT_TIMEOUT_MS = 15_000;

/**
 * What an operator's rolling update does to the users: every app node is
 * stopped gracefully (SIGTERM) and started again, one at a time, behind nginx,
 * while kiosks check employees in and send heartbeats and admins watch the
 * live page. Creates its own admin, devices and employees in `env`.
 */
export async function runRollingRestart(
  cluster: Cluster,
  env: TestEnvironment,
  options: RollingRestartOptions = DEFAULT_ROLLING_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<RollingRestartReport> {
  const baseUrl = cluster.nginxUrl;
  if (!baseUrl) throw new Error('The rolling restart needs nginx in front of the nodes (apt-get install nginx)');
  // Its own admin, so the cluster may already have the default one.
  const adminLogin = { email: 'rolling-admin@test.local', password: ADMIN.password };
  await createAdmin(env.db, env.config, { ...adminLogin, employee_code: 'ADMROLL' });
  const devices = await Promise.all(
    Array.from({ length: options.devices }, (_, i) => createDevice(env.db, `Kiosk Rolling ${i + 1}`)),
  );
  const employeeCodes = await createKioskEmployees(env.db, env.config, 'ROLL', options.employees);
  const [lastCode] = await createKioskEmployees(env.db, env.config, 'LAST', 1);

  const admin = await new ApiClient(baseUrl).login(adminLogin.email, adminLogin.password);
  const sockets = await watchAdminSockets(baseUrl, admin.cookie, options.adminSockets);
  try {
    const load = startLoad({
      baseUrl,
      deviceTokens: devices.map((d) => d.token),
      employeeCodes,
      pin: '1234',
      ...options,
    });
    let loadReport: LoadReport;
    const restarted: string[] = [];
    try {
      const answeredAtLeast = (n: number) =>
        waitUntil(
          () => load.answered() >= n,
          60_000,
          () => `the load got only ${load.answered()} of ${n} answers`,
        );
      await answeredAtLeast(options.answersAround);
      for (const node of cluster.nodes) {
        log(`restarting ${node.id} (${load.answered()} answers so far)`);
        await cluster.kill(node.id, 'SIGTERM');
        await cluster.start(node.id);
        await sockets.waitAllConnected(NODE_BACK_TIMEOUT_MS);
        restarted.push(node.id);
      }
      await answeredAtLeast(load.answered() + options.answersAround);
    } finally {
      loadReport = await load.stop();
    }

    // Wherever each admin reconnected, live events still reach it.
    const checkIn = await new ApiClient(baseUrl)
      .withBearer(devices[0]!.token)
      .post('/api/kiosk/check-in', { employee_code: lastCode, pin: '1234' });
    if (checkIn.status !== 201)
      throw new Error(`The check-in after the restarts failed: ${checkIn.status} ${JSON.stringify(checkIn.body)}`);
    const attendanceId = (checkIn.body as { data: { id: number } }).data.id;
    await sockets.waitForAttendance(attendanceId, EVENT_TIMEOUT_MS).catch(() => undefined);
    const sawIt = sockets.sockets.filter((s) =>
      s.events.some((e) => (e.data as { id?: number }).id === attendanceId),
    ).length;

    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      baseUrl,
      restarted,
      load: loadReport,
      employeesLeft: options.employees - loadReport.checkIns.sent,
      sockets: {
        count: options.adminSockets,
        disconnects: sum(sockets.disconnects()),
        reconnects: sum(sockets.reconnects()),
        allReconnected: sockets.allConnected(),
        sawLiveEventAfterwards: sawIt,
      },
    };
  } finally {
    sockets.close();
  }
}

/** Zero failed requests, every socket back, and live events still flowing to all of them. */
export function rollingRestartPassed(report: RollingRestartReport): boolean {
  const { load, sockets } = report;
  return (
    load.checkIns.failed === 0 &&
    load.heartbeats.failed === 0 &&
    report.employeesLeft > 0 &&
    sockets.allReconnected &&
    sockets.sawLiveEventAfterwards === sockets.count
  );
}

export function formatRollingReport(report: RollingRestartReport): string {
  const { load, sockets } = report;
  const lines = [
    `Rolling restart of ${report.restarted.join(', ')}, one at a time, behind nginx (${report.baseUrl})`,
    `  check-ins      sent ${load.checkIns.sent}, ok ${load.checkIns.ok}, failed ${load.checkIns.failed}`,
    `  heartbeats     sent ${load.heartbeats.sent}, ok ${load.heartbeats.ok}, rate-limited ${load.heartbeats.rateLimited}, failed ${load.heartbeats.failed}`,
    `  admin sockets  ${sockets.count}: disconnected ${sockets.disconnects} times, reconnected ${sockets.reconnects} times, ` +
      `all connected at the end: ${sockets.allReconnected ? 'yes' : 'NO'}, live event afterwards: ${sockets.sawLiveEventAfterwards}/${sockets.count}`,
  ];
  if (report.employeesLeft <= 0)
    lines.push('  the load ran out of employees to check in before the end: raise --employees');
  for (const failure of load.failures) lines.push(`  failure: ${failure}`);
  lines.push(`  result: ${rollingRestartPassed(report) ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
