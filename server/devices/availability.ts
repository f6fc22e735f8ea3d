import type { DeviceStatus, MaintenanceWindow, StatusChange } from './types';

/**
 * How available a device was, per org-local day: the share of the time it
 * should have been connected that it was, and its outages. Maintenance is
 * left out of both. An outage is a stretch away from `connected` that
 * reached `disconnected`, from the moment the device left `connected` (the
 * start a down alert names) to its next `connected`; a flap that stayed in
 * the grace tier lowers the share but is no outage.
 */

interface Span {
  start: number;
  end: number;
}

export interface DayBounds {
  date: string;
  start: Date;
  end: Date;
}

export interface AvailabilityInput {
  days: DayBounds[];
  /** Nothing is counted before the device existed or after now. */
  createdAt: Date;
  now: Date;
  /** The status the first day opens with, and when that stretch began if it was an outage in the making. */
  opening: { status: DeviceStatus; leftConnectedAt: Date | null };
  changes: StatusChange[];
  maintenance: MaintenanceWindow[];
}

const length = (spans: Span[]) => spans.reduce((sum, s) => sum + (s.end - s.start), 0);
const clip = (spans: Span[], to: Span): Span[] =>
  spans.flatMap((s) => {
    const start = Math.max(s.start, to.start);
    const end = Math.min(s.end, to.end);
    return end > start ? [{ start, end }] : [];
  });
/** The parts of `spans` outside every one of `holes`. */
function without(spans: Span[], holes: Span[]): Span[] {
  return holes.reduce(
    (rest, hole) =>
      rest.flatMap((s) =>
        [
          { start: s.start, end: Math.min(s.end, hole.start) },
          { start: Math.max(s.start, hole.end), end: s.end },
        ].filter((part) => part.end > part.start),
      ),
    spans,
  );
}
const minutes = (ms: number) => Math.round(ms / 60_000);

interface Stretch extends Span {
  status: DeviceStatus;
}

function stretches(input: AvailabilityInput, range: Span): Stretch[] {
  const result: Stretch[] = [];
  let status = input.opening.status;
  let from = range.start;
  for (const change of input.changes) {
    const at = change.occurred_at.getTime();
    if (at > from) result.push({ start: from, end: at, status });
    status = change.to_status;
    from = Math.max(from, at);
  }
  // Kept even when it is empty: a kiosk that came back at this very moment has ended its outage.
  result.push({ start: Math.min(from, range.end), end: range.end, status });
  return result;
}

/** Each outage with `open` when it has not ended by the end of the range. */
function outages(input: AvailabilityInput, all: Stretch[], range: Span): (Span & { open: boolean })[] {
  const found: (Span & { open: boolean })[] = [];
  let start: number | null = null;
  let reachedDisconnected = false;
  all.forEach((stretch, i) => {
    if (stretch.status === 'connected') {
      if (start !== null && reachedDisconnected) found.push({ start, end: stretch.start, open: false });
      start = null;
      reachedDisconnected = false;
      return;
    }
    // The range may open in the middle of an outage; a device that was never connected has none.
    if (start === null) start = i === 0 ? (input.opening.leftConnectedAt?.getTime() ?? null) : stretch.start;
    if (start !== null && stretch.status === 'disconnected') reachedDisconnected = true;
  });
  if (start !== null && reachedDisconnected) found.push({ start, end: range.end, open: true });
  return found;
}

export type AvailabilityDay = ReturnType<typeof availabilityByDay>[number];

export function availabilityByDay(input: AvailabilityInput) {
  const first = input.days[0]!;
  const last = input.days.at(-1)!;
  const range = {
    start: Math.max(first.start.getTime(), input.createdAt.getTime()),
    end: Math.min(last.end.getTime(), input.now.getTime()),
  };
  const maintenance = input.maintenance.map((w) => ({ start: w.starts_at.getTime(), end: w.ends_at.getTime() }));
  const all = range.end > range.start ? stretches(input, range) : [];
  const connected = all.filter((s) => s.status === 'connected');
  const found = outages(input, all, range);

  const ongoing = range.end === input.now.getTime();

  return input.days.map((day) => {
    const [span] = clip([{ start: day.start.getTime(), end: day.end.getTime() }], range);
    if (!span)
      return {
        date: day.date,
        observed_minutes: 0,
        connected_minutes: 0,
        maintenance_minutes: 0,
        connected_share: null,
        outages: [],
      };
    const counted = (spans: Span[]) => length(without(clip(spans, span), maintenance));
    const observed = counted([span]);
    const up = counted(connected);
    return {
      date: day.date,
      observed_minutes: minutes(observed),
      connected_minutes: minutes(up),
      maintenance_minutes: minutes(span.end - span.start - observed),
      connected_share: observed > 0 ? Math.round((up / observed) * 10_000) / 10_000 : null,
      outages: found.flatMap((outage) => {
        const [part] = clip([outage], span);
        const down = counted([outage]);
        if (!part || down === 0) return [];
        return [
          {
            start: new Date(part.start).toISOString(),
            end: outage.open && ongoing && part.end === range.end ? null : new Date(part.end).toISOString(),
            minutes: minutes(down),
          },
        ];
      }),
    };
  });
}
