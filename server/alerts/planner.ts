import type { Queue } from 'bullmq';
import { minutesBetween, orgDate, orgInstant } from '../attendance/org-time';
import { listNotCheckedIn } from '../attendance/repository';
import { findHolidayOn } from '../calendar/repository';
import { isWorkingDay } from '../calendar/working-day';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { inMaintenanceAt, lastChangeTo, lastLeftConnected } from '../devices/history-repository';
import type { DeviceJson } from '../devices/presenter';
import type { DeviceStatus } from '../devices/types';
import type { OutboxEvent } from '../events/types';
import type { Logger } from '../logger';
import { digestText, downText, recoveredText } from './messages';
import { alertKey, enqueueAlerts } from './queue';
import { listSubscribedChannels, wasSent } from './repository';
import type { AlertJob, AlertMessage } from './types';

type StatusChanged = DeviceJson & { from_status: DeviceStatus | null; to_status: DeviceStatus };

const SILENT_FROM: readonly (DeviceStatus | null)[] = ['disconnected', null];

/**
 * Decides which device status events are worth waking someone for, and
 * queues one alert per channel. It runs in the broadcast worker on every
 * committed device.status_changed event, so the outbox is the source: an
 * event that reached the admins has had its alerts planned.
 *
 * down: a device that was heard from reaches `disconnected`, outside maintenance. The outage began when it
 *   left `connected`, so a flap inside the grace tier (back to `connected` from `temporarily_offline`) says nothing.
 * recovered: `connected` again after an outage whose down alert was due; its length runs from that start.
 */
export function createAlertPlanner(deps: {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  queue: Queue<AlertJob>;
}) {
  const { db, config, logger } = deps;
  const timezone = config.org.timezone;

  async function messageFor(event: OutboxEvent<StatusChanged>): Promise<AlertMessage | null> {
    const device = event.data;
    const at = new Date(event.occurred_at);
    const about = { id: device.id, name: device.name, location: device.location };
    const base = { event_id: String(event.id), device: about, at: event.occurred_at };

    if (device.to_status === 'disconnected') {
      if (SILENT_FROM.includes(device.from_status) || (await inMaintenanceAt(db, device.id, at))) return null;
      const start = (await lastLeftConnected(db, device.id, at))?.occurred_at ?? at;
      return { ...base, kind: 'down', text: downText(about, start, at, timezone) };
    }
    if (device.to_status === 'connected' && device.from_status === 'disconnected') {
      const down = await lastChangeTo(db, device.id, 'disconnected', at);
      if (!down || SILENT_FROM.includes(down.from_status) || (await inMaintenanceAt(db, device.id, down.occurred_at)))
        return null;
      const start = (await lastLeftConnected(db, device.id, down.occurred_at))?.occurred_at ?? down.occurred_at;
      return { ...base, kind: 'recovered', text: recoveredText(about, minutesBetween(start, at)) };
    }
    return null;
  }

  return {
    /** Resolves with the number of alerts queued for this event. */
    async planDeviceEvent(event: OutboxEvent): Promise<number> {
      if (event.type !== 'device.status_changed') return 0;
      const message = await messageFor(event as OutboxEvent<StatusChanged>);
      if (!message) return 0;
      const queued = await enqueueAlerts(deps.queue, message, await listSubscribedChannels(db, 'device_alerts'));
      logger.info(
        { event_id: event.id, device_id: message.device!.id, kind: message.kind, channels: queued },
        'Device alert planned',
      );
      return queued;
    },

    /**
     * On a working day, once work start plus the tolerance has passed and until work ends, the channels that ask
     * for it get one digest of who has not checked in. Called every DIGEST_CHECK_INTERVAL_SECONDS; a day's digest
     * is queued once per channel (its job id, and a `sent` delivery, say it is done).
     */
    async planMorningDigest(): Promise<number> {
      const now = deps.clock();
      const date = orgDate(now, timezone);
      const due = new Date(
        orgInstant(date, config.org.workStart, timezone).getTime() + config.org.lateToleranceMinutes * 60_000,
      );
      if (now < due || now >= orgInstant(date, config.org.workEnd, timezone)) return 0;
      if (!isWorkingDay(date, config.org.workDays, (await findHolidayOn(db, date)) ?? null)) return 0;
      const event_id = `digest-${date}`;
      const channels = [];
      for (const channel of await listSubscribedChannels(db, 'digest')) {
        const key = alertKey({ event_id }, channel.id);
        if (!(await deps.queue.getJob(key)) && !(await wasSent(db, key))) channels.push(channel);
      }
      if (channels.length === 0) return 0;
      const missing = (await listNotCheckedIn(db, date)).map(({ employee_code, name }) => ({ employee_code, name }));
      const message: AlertMessage = {
        event_id,
        kind: 'digest',
        text: digestText(date, now, timezone, missing),
        at: now.toISOString(),
        not_checked_in: missing,
      };
      const queued = await enqueueAlerts(deps.queue, message, channels);
      logger.info({ date, not_checked_in: missing.length, channels: queued }, 'Morning digest planned');
      return queued;
    },
  };
}

export type AlertPlanner = ReturnType<typeof createAlertPlanner>;
