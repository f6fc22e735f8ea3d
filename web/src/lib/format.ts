import { TZDate } from '@date-fns/tz';

// Dates and times as Indonesian readers expect them. Attendance times arrive
// already in the organisation's timezone (jam_masuk/jam_pulang); clocks are
// drawn in the timezone the server reports.

const LOCALE = 'id-ID';

/** "07:58" from "07:58:12". */
export const hourMinute = (clock: string | null): string => (clock ? clock.slice(0, 5) : '—');

/** "Min, 22 Nov 2026" from a calendar day "2026-11-22". */
export function shortDate(day: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** "Minggu, 22 November 2026" for an instant, in a timezone. */
export function longDate(instant: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(instant);
}

/** "07:58:03" for an instant, in a timezone. */
export function clockTime(instant: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).format(instant);
}

/** "22 Nov 2026 07:58:03" for an ISO instant, in the browser's timezone or the one given. */
export function dateTime(iso: string | null, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALE, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/** "07:12" for an ISO instant, in a timezone. */
export const hourMinuteAt = (iso: string, timeZone?: string) => clockTime(new Date(iso), timeZone).slice(0, 5);

/** A datetime-local input's value ("2026-12-02T17:30") for an instant, read in a timezone. */
export function localInputValue(instant: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(instant);
  return parts.replace(' ', 'T');
}

/**
 * A datetime-local input's value as an ISO instant with the timezone's offset
 * ("2026-12-02T17:30:00.000+07:00"): the wall time is the timezone's, not
 * the browser's. Null for an empty or malformed value.
 */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return new TZDate(year, month - 1, day, hour, minute, timeZone).toISOString();
}

/** "8 j 5 m" for a number of minutes. */
export function duration(minutes: number | null): string {
  if (minutes === null || minutes === undefined) return '—';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} j ${minutes % 60} m` : `${minutes} m`;
}

/** "baru saja", "12 dtk lalu", "3 mnt lalu", "2 jam lalu", "4 hari lalu". */
export function ago(seconds: number | null): string {
  if (seconds === null) return 'belum pernah';
  if (seconds < 2) return 'baru saja';
  if (seconds < 60) return `${Math.floor(seconds)} dtk lalu`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} mnt lalu`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} jam lalu`;
  return `${Math.floor(seconds / 86_400)} hari lalu`;
}

/** The greeting for an org-local "HH:MM[:SS]". */
export function greeting(clock: string): string {
  const hour = Number(clock.slice(0, 2));
  if (hour < 11) return 'Selamat pagi';
  if (hour < 15) return 'Selamat siang';
  if (hour < 18) return 'Selamat sore';
  return 'Selamat malam';
}

/** 0–4 bars for a Wi-Fi RSSI in dBm (negative; closer to 0 is stronger). */
export function signalBars(dbm: number | null): number {
  if (dbm === null) return 0;
  if (dbm >= -55) return 4;
  if (dbm >= -67) return 3;
  if (dbm >= -75) return 2;
  if (dbm >= -85) return 1;
  return 0;
}

/** "Rab, 2 Des 2026" or "Rab, 2 Des 2026 – Jum, 4 Des 2026". */
export const dayRange = (from: string, to: string) =>
  from === to ? shortDate(from) : `${shortDate(from)} – ${shortDate(to)}`;
