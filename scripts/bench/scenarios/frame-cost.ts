import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Config } from '../../../server/config';
import type { OutboxEvent } from '../../../server/events/types';
import { createAdminEmitter } from '../../../server/realtime/admin-channel';
import { createRedis } from '../../../server/redis';
import { freePort, isListening } from '../../lib/net';
import { prepareNginx } from '../../lib/nginx';
import { ManagedProcess } from '../../lib/process';
import { findProgram } from '../../lib/programs';
import { waitForProcess } from '../../lib/wait';
import { cpuMsPerOperation, measureMachine, type ProcessGroups, withChildren } from '../machine-usage';
import { BENCH_ADMIN, BENCH_PIN, employeeCode, kioskToken } from '../seed';
import { adminCookie, until } from '../sockets';
import { openAdminWatchers } from '../watchers';
import { startYardstick } from './baseline';

type CheckInEvent = OutboxEvent<{ user: { employee_code: string } }>;

interface Side {
  /** Where the admin sockets connect: an nginx. */
  socketsUrl: string;
  cookie: string;
  /** Sends the event of BENCH employee `employee` to every socket. */
  emit: (employee: number) => Promise<void>;
}

interface Options {
  sockets: number;
  events: number;
  perSecond: number;
  /** The BENCH employee codes the events carry: 2 × events from here (the first one also checks in, once). */
  first: number;
  watcherThreads: number;
  rootDir: string;
  nodeBinary: string;
}

// Far above the outbox ids of a run, so no copy can pass for a real event.
const FIRST_COPY_ID = 1_000_000_000;

/**
 * What one frame costs the whole machine (node or server, nginx, the
 * watcher's receive), for the product and for a bare Socket.IO server behind
 * an nginx of the same configuration, with the same watcher sockets. Each
 * side sends `events` copies of a real check-in's event at `perSecond`,
 * slower than any coalescing window, first to one socket and then to
 * `sockets`: the difference divided by the extra frames is the price of a
 * frame. The product's copies enter where the broadcast workers emit them
 * (the Socket.IO Redis adapter), so what is priced is its fan-out, not the
 * check-in (the rush prices that); the yardstick's enter by a POST.
 */
export async function runFrameCost(
  baseUrl: string,
  config: Config,
  processGroups: ProcessGroups,
  options: Options,
  tick: (phase: string, n: number) => void,
) {
  const cookie = await adminCookie(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const template = await oneRealEvent(baseUrl, cookie, options.first);
  const copy = (employee: number): CheckInEvent => ({
    ...template,
    id: FIRST_COPY_ID + employee,
    data: { ...template.data, user: { ...template.data.user, employee_code: employeeCode(employee) } },
  });
  const redis = createRedis(config.redisUrl);
  const emitter = createAdminEmitter(redis, config);
  const yardstick = await startYardstick('socketio-baseline-server.ts', options.nodeBinary);
  const nginx = await startNginxFor(yardstick.port, options.rootDir);
  try {
    const product: Side = { socketsUrl: baseUrl, cookie, emit: (employee) => emitter.deliver(copy(employee)) };
    const productFigures = await measureSide(product, processGroups, options, tick);
    const bare: Side = {
      socketsUrl: nginx.url,
      cookie: 'none=1',
      emit: async (employee) => {
        const res = await request(`${yardstick.url}/emit`, { method: 'POST', body: JSON.stringify(copy(employee)) });
        await res.body.dump();
        if (res.statusCode !== 204) throw new Error(`the Socket.IO yardstick answered ${res.statusCode}`);
      },
    };
    const groups = { ...processGroups, yardstick: [yardstick.pid], 'yardstick nginx': withChildren(nginx.pid) };
    const bareFigures = await measureSide(bare, groups, options, tick);
    return {
      sockets: options.sockets,
      events: options.events,
      per_second: options.perSecond,
      product: productFigures,
      bare_socket_io: bareFigures,
      product_per_frame_to_bare:
        Math.round((productFigures.cpu_us_per_frame / bareFigures.cpu_us_per_frame) * 100) / 100,
    };
  } finally {
    await nginx.stop();
    yardstick.stop();
    redis.disconnect();
  }
}

/** Both phases of one side: one socket, then all of them; the CPU per extra frame, in µs. */
async function measureSide(
  side: Side,
  processGroups: ProcessGroups,
  options: Options,
  tick: (phase: string, n: number) => void,
) {
  const one = await phase(side, processGroups, options, 1, options.first, tick);
  const all = await phase(side, processGroups, options, options.sockets, options.first + options.events, tick);
  const extraFrames = all.frames - one.frames;
  return {
    one_socket: one,
    all_sockets: all,
    cpu_us_per_frame:
      Math.round((((all.cpu_ms_per_event - one.cpu_ms_per_event) * options.events * 1000) / extraFrames) * 100) / 100,
  };
}

async function phase(
  side: Side,
  processGroups: ProcessGroups,
  options: Options,
  sockets: number,
  first: number,
  tick: (phase: string, n: number) => void,
) {
  const watchers = await openAdminWatchers({
    urls: [side.socketsUrl],
    count: sockets,
    cookie: side.cookie,
    firstEmployee: first,
    employees: options.events,
    threads: Math.min(sockets, options.watcherThreads),
    progress: (open) => tick('frame-cost sockets', open),
  });
  const machine = measureMachine(processGroups);
  const started = performance.now();
  for (let i = 0; i < options.events; i++) {
    const wait = started + (i * 1000) / options.perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    watchers.sent(first + i);
    await side.emit(first + i);
  }
  const expected = options.events * watchers.open;
  await until(() => watchers.delivered() >= expected, 30_000);
  const usage = machine();
  const delivered = watchers.delivered();
  const frames = watchers.frames();
  await watchers.close();
  if (delivered < expected) throw new Error(`frame cost: ${expected - delivered} deliveries missing`);
  return {
    sockets: watchers.open,
    frames,
    cpu_ms_per_event: cpuMsPerOperation(usage, options.events)['whole machine'],
  };
}

/** A kiosk check-in's event as the admins got it, read back from the event log: what the copies are made of. */
async function oneRealEvent(baseUrl: string, cookie: string, employee: number): Promise<CheckInEvent> {
  const checkIn = await request(`${baseUrl}/api/kiosk/check-in`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kioskToken(0)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ employee_code: employeeCode(employee), pin: BENCH_PIN }),
  });
  await checkIn.body.dump();
  if (checkIn.statusCode !== 201) throw new Error(`frame cost: the check-in answered ${checkIn.statusCode}`);
  const page = async (after: number) => {
    const res = await request(`${baseUrl}/api/admin/events?after=${after}&limit=1`, { headers: { cookie } });
    return (await res.body.json()) as { data: CheckInEvent[]; meta: { latest_id: number } };
  };
  const { meta } = await page(0);
  const [event] = (await page(meta.latest_id - 1)).data;
  if (!event) throw new Error('frame cost: the check-in has no event in the log');
  return event;
}

/** nginx with the cluster's own configuration, in front of the yardstick only. */
async function startNginxFor(port: number, rootDir: string) {
  const binary = findProgram('nginx');
  if (!binary) throw new Error('the frame-cost scenario needs nginx (apt-get install nginx)');
  const nginxPort = await freePort();
  const { command, args } = await prepareNginx({ binary, rootDir, port: nginxPort, appPorts: [port] });
  const proc = new ManagedProcess({
    id: 'yardstick-nginx',
    command,
    args,
    cwd: rootDir,
    env: process.env,
    logs: 'ignore',
  });
  proc.start();
  await waitForProcess(proc, () => isListening(nginxPort), { what: 'listen', timeoutMs: 10_000 });
  return { url: `http://127.0.0.1:${nginxPort}`, pid: proc.pid!, stop: () => proc.kill() };
}
