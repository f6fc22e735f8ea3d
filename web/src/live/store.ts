import Alpine from '@alpinejs/csp';
import { api } from '../lib/api';
import { sessionLost } from '../lib/session';
import type { Attendance, Device, Holiday, LiveEvent, PersonRef, TodayAbsence, TodayMeta } from '../types';
import { type ConnectionState, LiveFeed } from './feed';
import { applyNewer, mergeSnapshot } from './versioned';

const FLASH_MS = 4000;

/** What the admin console shows live: today's attendance, the devices, the connection. */
export const live = Alpine.reactive({
  connection: 'connecting' as ConnectionState,
  today: {
    loaded: false,
    date: '',
    activeEmployees: 0,
    rows: [] as Attendance[],
    workingDay: true,
    holiday: null as Holiday | null,
    /** Absences covering today, as the snapshot listed them. */
    absences: [] as TodayAbsence[],
    /** Who had neither a row nor an absence when the snapshot was read; a live check-in takes a name off (see today.ts). */
    notCheckedIn: [] as PersonRef[],
  },
  devices: { loaded: false, rows: [] as Device[] },
  /** Server clock minus browser clock, so "N s ago" is right on a wrong browser clock. */
  skewMs: 0,
  /** Attendance changes since Riwayat last loaded: the "Baru" badge. */
  historyChanges: 0,
  /** Bumped by each holiday, absence or correction event: the lists of Kalender and Koreksi reload on it. */
  changes: { holiday: 0, absence: 0, correction: 0 },
  /** Pending correction requests (Koreksi keeps it), for the tab's count. */
  pendingCorrections: 0,
  /** Rows changed live a moment ago, highlighted. */
  flash: {} as Record<string, boolean>,
  error: '',
});

const RETRY_START_MS = 5000;

let feed: LiveFeed | null = null;
/** Bumped by stopLive, so a retry scheduled before a logout does not start again. */
let generation = 0;

const byNewestCheckIn = (a: Attendance, b: Attendance) => b.check_in_at.localeCompare(a.check_in_at);
const byName = (a: Device, b: Device) => a.name.localeCompare(b.name);

function flash(key: string): void {
  live.flash[key] = true;
  setTimeout(() => delete live.flash[key], FLASH_MS);
}

/** Numbers the today loads, so an answer overtaken by a later request is not applied over it. */
let todayRequest = 0;

/** Loads today's snapshot and answers the last event id it covers. */
async function loadToday(): Promise<number> {
  const request = ++todayRequest;
  const { data, meta } = await api<{ data: Attendance[]; meta: TodayMeta }>('GET', '/api/attendances/today');
  if (request !== todayRequest) return meta.last_event_id;
  const sameDay = live.today.date === meta.date;
  live.today.rows = mergeSnapshot(sameDay ? live.today.rows : [], data, (row) => row.date === meta.date).sort(
    byNewestCheckIn,
  );
  Object.assign(live.today, {
    loaded: true,
    date: meta.date,
    activeEmployees: meta.active_employees,
    workingDay: meta.working_day,
    holiday: meta.holiday,
    absences: meta.absences,
    notCheckedIn: meta.not_checked_in,
  });
  live.skewMs = Date.parse(meta.server_time) - Date.now();
  return meta.last_event_id;
}

/**
 * Reloads today's snapshot in the background: a new day began, or a holiday
 * or an absence changed who is expected today (only the server knows who).
 */
export function reloadToday(): void {
  void loadToday().catch(() => undefined);
}

export async function loadDevices(): Promise<void> {
  const { data, meta } = await api<{ data: Device[]; meta: { server_time: string } }>('GET', '/api/admin/devices');
  // The list is complete: a device it lacks was deleted.
  live.devices.rows = mergeSnapshot(live.devices.rows, data, () => false).sort(byName);
  live.devices.loaded = true;
  live.skewMs = Date.parse(meta.server_time) - Date.now();
}

/** A device as an admin action returned it: newer than or as new as what the page holds. */
export function rememberDevice(device: Device): void {
  const isNew = !live.devices.rows.some((row) => row.id === device.id);
  live.devices.rows = mergeSnapshot(live.devices.rows, [device], () => true).sort(byName);
  if (isNew) flash(`device-${device.id}`);
}

export function forgetDevice(id: number): void {
  live.devices.rows = live.devices.rows.filter((row) => row.id !== id);
}

/** Both snapshots; the devices may fail alone (their list is also refreshed by Perangkat). */
async function reloadAll(): Promise<number> {
  const [lastEventId] = await Promise.all([loadToday(), loadDevices().catch(() => undefined)]);
  return lastEventId;
}

function applyAttendance(row: Attendance): void {
  live.historyChanges += 1;
  // The first check-in of a new day: today's list starts over.
  if (row.date > live.today.date) {
    reloadToday();
    return;
  }
  if (row.date !== live.today.date || !applyNewer(live.today.rows, row)) return;
  live.today.rows.sort(byNewestCheckIn);
  flash(`attendance-${row.id}`);
}

function applyDevice(incoming: Device): void {
  if (!applyNewer(live.devices.rows, incoming)) return;
  live.devices.rows.sort(byName);
  flash(`device-${incoming.id}`);
}

function apply(event: LiveEvent): void {
  switch (event.type) {
    case 'attendance.created':
    case 'attendance.updated':
      applyAttendance(event.data as Attendance);
      break;
    case 'device.status_changed':
      applyDevice(event.data as Device);
      break;
    case 'holiday.changed':
      live.changes.holiday += 1;
      reloadToday();
      break;
    case 'absence.changed':
      live.changes.absence += 1;
      reloadToday();
      break;
    case 'correction.requested':
    case 'correction.decided':
      live.changes.correction += 1;
      break;
  }
}

export async function startLive(): Promise<void> {
  stopLive();
  const started = generation;
  // A new console (after a login): Riwayat starts fresh, so nothing is "new" yet.
  live.historyChanges = 0;
  try {
    const lastEventId = await reloadAll();
    if (started !== generation) return;
    live.error = '';
    feed = new LiveFeed(
      { apply, reload: reloadAll, connection: (state) => (live.connection = state), unauthorized: sessionLost },
      lastEventId,
    );
    feed.start();
  } catch {
    live.error = 'Data hari ini belum dapat dimuat. Mencoba lagi…';
    live.connection = 'disconnected';
    setTimeout(() => started === generation && void startLive(), RETRY_START_MS);
  }
}

export function stopLive(): void {
  generation += 1;
  feed?.stop();
  feed = null;
}
