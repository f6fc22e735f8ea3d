import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { id as indonesian } from 'date-fns/locale';
import type { AlertDevice } from './types';

/** The words a channel's reader sees, in Indonesian; the times are the office's own. */

const clock = (at: Date, timezone: string) => format(new TZDate(at, timezone), 'HH:mm');
const day = (at: Date, timezone: string) => format(new TZDate(at, timezone), 'd MMM', { locale: indonesian });

/** "23 menit", "1 jam 5 menit", "2 hari 3 jam", "kurang dari 1 menit": an outage's length as a person says it. */
export function lengthInWords(minutes: number): string {
  if (minutes < 1) return 'kurang dari 1 menit';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days} hari`, hours && `${hours} jam`, rest && `${rest} menit`].filter(Boolean).join(' ');
}

const deviceLabel = (device: AlertDevice) => (device.location ? `${device.name} (${device.location})` : device.name);

/** The time an outage started, with its day when that is not the day of the message. */
function since(start: Date, now: Date, timezone: string): string {
  const sameDay = day(start, timezone) === day(now, timezone);
  return sameDay ? clock(start, timezone) : `${day(start, timezone)} ${clock(start, timezone)}`;
}

export const downText = (device: AlertDevice, outageStart: Date, now: Date, timezone: string) =>
  `${deviceLabel(device)} terputus sejak ${since(outageStart, now, timezone)}`;

export const recoveredText = (device: AlertDevice, outageMinutes: number) =>
  `${deviceLabel(device)} terhubung lagi setelah ${lengthInWords(outageMinutes)}`;

export const testText = (channelName: string) => `Pesan uji dari Absensi Live untuk saluran "${channelName}"`;

export function digestText(
  date: string,
  at: Date,
  timezone: string,
  missing: { employee_code: string; name: string }[],
) {
  const [year, month, dayOfMonth] = date.split('-').map(Number);
  const heading = `Belum absen masuk, ${format(new Date(year!, month! - 1, dayOfMonth!), 'EEEE d MMMM yyyy', { locale: indonesian })} pukul ${clock(at, timezone)}`;
  if (missing.length === 0) return `${heading}: semua pegawai sudah absen masuk.`;
  const names = missing.map((person) => `- ${person.name} (${person.employee_code})`).join('\n');
  return `${heading}: ${missing.length} pegawai\n${names}`;
}
