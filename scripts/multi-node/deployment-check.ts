import { type AdminSocket, connectAdminSocket } from '../../tests/support/admin-socket';
import { ApiClient } from '../../tests/support/api-client';

export interface DeploymentTarget {
  /** nginx: what users reach. */
  url: string;
  /** Each app node's own URL, when reachable from here (the local cluster); empty for Compose or Swarm. */
  nodes: string[];
  /** Without node URLs: how many distinct nodes must answer through nginx. */
  expectNodes: number;
  admin: { email: string; password: string };
  deviceToken: string;
  /** Tried in turn until one of them can still check in or out today. */
  employeeCodes: string[];
  pin: string;
}

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

const EVENT_TIMEOUT_MS = 10_000;

/**
 * Checks a running deployment as its users see it: every node healthy, and a
 * kiosk action through one node reaching an admin socket held by another.
 */
export async function checkDeployment(target: DeploymentTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const record = async (name: string, check: () => Promise<string>) => {
    try {
      results.push({ name, ok: true, detail: await check() });
    } catch (error) {
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, …).
      const { message, cause } = error as Error;
      results.push({ name, ok: false, detail: cause instanceof Error ? `${message}: ${cause.message}` : message });
    }
  };

  await record('nginx answers', async () => {
    const res = await new ApiClient(target.url).get('/api/health');
    if (res.status !== 200) throw new Error(`${target.url}/api/health answered ${res.status}`);
    return `${target.url}/api/health → 200`;
  });
  if (target.nodes.length > 0) {
    for (const node of target.nodes) await record(`node ${node} ready`, () => nodeReady(node));
  } else {
    await record(`${target.expectNodes} nodes answer through nginx`, () => nodesBehind(target.url, target.expectNodes));
  }
  await record('/metrics is not exposed through nginx', async () => {
    const status = (await new ApiClient(target.url).get('/metrics')).status;
    if (status !== 404) throw new Error(`${target.url}/metrics answered ${status}, expected 404`);
    return '404';
  });
  await record('a check-in through one node reaches an admin socket on another', () => liveEventAcrossNodes(target));
  return results;
}

async function nodeReady(url: string): Promise<string> {
  const res = await new ApiClient(url).get('/api/ready');
  if (res.status !== 200)
    throw new Error(`${url}/api/ready answered ${res.status}: ${JSON.stringify(res.body?.error?.details ?? res.body)}`);
  return `${res.body.node}: database ${res.body.checks.database}, redis ${res.body.checks.redis}`;
}

/** nginx balances by least connections, which spreads sequential requests over every node. */
async function nodesBehind(url: string, expected: number): Promise<string> {
  const seen = new Set<string>();
  const client = new ApiClient(url);
  for (let i = 0; i < expected * 8 && seen.size < expected; i++) {
    const res = await client.get('/api/ready');
    if (res.status !== 200)
      throw new Error(
        `${url}/api/ready answered ${res.status}: ${JSON.stringify(res.body?.error?.details ?? res.body)}`,
      );
    seen.add(res.body.node);
  }
  if (seen.size < expected) throw new Error(`only ${seen.size} of ${expected} nodes answered: ${[...seen].join(', ')}`);
  return [...seen].sort().join(', ');
}

async function liveEventAcrossNodes(target: DeploymentTarget): Promise<string> {
  const actOn = target.nodes[0] ?? target.url;
  const watchOn = target.nodes.at(-1) ?? target.url;
  const admin = await new ApiClient(target.url).login(target.admin.email, target.admin.password);
  const socket = await connectAdminSocket(watchOn, admin.cookie);
  try {
    const kiosk = new ApiClient(actOn).withBearer(target.deviceToken);
    for (const code of target.employeeCodes) {
      const action = await checkInOrOut(kiosk, code, target.pin);
      if (!action) continue;
      const started = Date.now();
      await waitForEvent(socket, action.type, action.attendanceId);
      return `${code} ${action.type} through ${actOn}, seen on the socket through ${watchOn} after ${Date.now() - started} ms`;
    }
    throw new Error(
      `every employee tried (${target.employeeCodes.join(', ')}) has already checked in and out today; pass others with --employees`,
    );
  } finally {
    socket.close();
  }
}

/** A check-in, or a check-out for someone already in; null when both are done for today. */
async function checkInOrOut(
  kiosk: ApiClient,
  code: string,
  pin: string,
): Promise<{ type: string; attendanceId: number } | null> {
  const body = { employee_code: code, pin };
  const checkIn = await kiosk.post('/api/kiosk/check-in', body);
  if (checkIn.status === 201) return { type: 'attendance.created', attendanceId: checkIn.body.data.id };
  if (checkIn.body?.error?.code !== 'already_checked_in')
    throw new Error(`check-in of ${code}: ${checkIn.status} ${JSON.stringify(checkIn.body)}`);
  const checkOut = await kiosk.post('/api/kiosk/check-out', body);
  if (checkOut.status === 200) return { type: 'attendance.updated', attendanceId: checkOut.body.data.id };
  if (checkOut.body?.error?.code === 'already_checked_out') return null;
  throw new Error(`check-out of ${code}: ${checkOut.status} ${JSON.stringify(checkOut.body)}`);
}

function waitForEvent(socket: AdminSocket, type: string, attendanceId: number): Promise<unknown> {
  return socket
    .waitFor(
      (events) => events.some((e) => e.type === type && (e.data as { id?: number }).id === attendanceId),
      EVENT_TIMEOUT_MS,
    )
    .catch(() => {
      throw new Error(
        `no ${type} event for attendance ${attendanceId} within ${EVENT_TIMEOUT_MS / 1000} s (are the broadcast workers running?)`,
      );
    });
}
