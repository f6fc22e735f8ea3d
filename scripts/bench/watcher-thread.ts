import { parentPort, workerData } from 'node:worker_threads';
import * as hdr from 'hdr-histogram-js';
import type WebSocket from 'ws';
import { latencyHistogram, microsBetween } from './histogram';
import { type AdminEvent, openAdminSocket } from './sockets';
import { now, sharedTally, type WatcherSetup } from './watchers';

/**
 * One thread of admin sockets (see watchers.ts): it opens its share, counts
 * each BENCH check-in every socket gets into the shared tally, and keeps the
 * latencies it saw until asked for them.
 */
const setup = workerData as WatcherSetup;
const tally = sharedTally(setup);
const latency = latencyHistogram();
const employeeOf = (code: string | null) =>
  code?.startsWith('BENCH') ? Number(code.slice(5)) - setup.firstEmployee : -1;

/** Counts a frame that carried at least one counted check-in (the frame-cost scenario divides by them). */
function onFrame(socket: number, events: AdminEvent[]): void {
  let counted = false;
  for (const event of events) counted = onEvent(socket, event) || counted;
  if (counted) Atomics.add(tally.totals, 3, 1);
}

function onEvent(socket: number, event: AdminEvent): boolean {
  const employee = employeeOf(event.employeeCode);
  if (event.type !== 'attendance.created' || employee < 0 || employee >= setup.employees) return false;
  const arrived = now();
  const slot = socket * setup.employees + employee;
  if (tally.seen[slot]) {
    Atomics.add(tally.totals, 1, 1);
    return true;
  }
  tally.seen[slot] = 1;
  Atomics.add(tally.totals, 0, 1);
  // Whoever brings the count to the number of sockets open has the last arrival: one writer.
  if (Atomics.add(tally.perEmployee, employee, 1) + 1 === Atomics.load(tally.totals, 2))
    tally.lastArrival[employee] = arrived;
  const sent = tally.sentAt[employee];
  if (sent > 0) latency.recordValue(microsBetween(sent, arrived));
  return true;
}

const sockets: WebSocket[] = [];
for (let start = 0; start < setup.sockets.length; start += setup.batch) {
  const batch = setup.sockets.slice(start, start + setup.batch);
  const opened = await Promise.all(
    batch.map(({ index, url }) => openAdminSocket(url, setup.cookie, (events) => onFrame(index, events))),
  );
  const good = opened.filter((s) => s !== null);
  sockets.push(...good);
  parentPort!.postMessage({ kind: 'opened', opened: good.length, failed: batch.length - good.length });
  if (good.length === 0) break;
}
parentPort!.postMessage({ kind: 'ready' });

parentPort!.on('message', (message: { kind: 'close' }) => {
  if (message.kind !== 'close') return;
  for (const socket of sockets) socket.terminate();
  parentPort!.postMessage({ kind: 'closed', latency: hdr.encodeIntoCompressedBase64(latency) });
});
