import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Config } from '../config';

type OrgSettings = Config['org'];

/** "Today" is always the org-local calendar day, whatever the server's own time zone. */
export const orgDate = (at: Date, timezone: string): string => format(new TZDate(at, timezone), 'yyyy-MM-dd');

export const orgClockTime = (at: Date, timezone: string): string => format(new TZDate(at, timezone), 'HH:mm:ss');

/** Late means checking in after work start plus the tolerance, on the org-local day of the check-in. */
export function isLate(at: Date, org: OrgSettings): boolean {
  const local = new TZDate(at, org.timezone);
  const [hours, minutes] = org.workStart.split(':').map(Number);
  const deadline = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    hours,
    minutes + org.lateToleranceMinutes,
    0,
    org.timezone,
  );
  return at.getTime() > deadline.getTime();
}

export const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
