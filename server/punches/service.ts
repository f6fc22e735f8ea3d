import type { AttendanceService, PunchTime } from '../attendance/service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { type Db, isDuplicateKey, type Trx } from '../db/knex';
import { findDevice } from '../devices/repository';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnprocessableError,
} from '../errors';
import { pageMeta } from '../http/pagination';
import type { Logger } from '../logger';
import { findPunch, findPunches, insertPunch, listPunches } from './repository';
import { duplicateOf, type PunchAnswer, type PunchEntry, type PunchRecord, toPunchJson } from './types';

interface Deps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'punches'>;
  logger: Logger;
  attendance: AttendanceService;
}

interface Device {
  id: number;
  name: string;
}

type Employee = Awaited<ReturnType<AttendanceService['identifyAtKiosk']>>;

/** Indexes of the entries, oldest `at` first; entries of one instant keep the order they came in. */
const oldestFirst = (entries: PunchEntry[]) =>
  entries.map((_, i) => i).sort((a, b) => entries[a]!.at.getTime() - entries[b]!.at.getTime() || a - b);

/**
 * Entries a kiosk stored while it could not reach the API (and entries of
 * fingerprint-machine bridges), received in batches: see docs/ARCHITECTURE.md,
 * "Offline kiosks".
 */
export function createPunchService(deps: Deps) {
  const { db, clock, logger, attendance } = deps;
  const maxAgeMs = deps.config.punches.maxAgeHours * 3600_000;
  const maxSkewMs = deps.config.punches.maxSkewSeconds * 1000;

  /** Only a clock close to ours stamps entries we can judge late or on time by. */
  function assertClockInStep(sentAt: Date, now: Date) {
    if (Math.abs(sentAt.getTime() - now.getTime()) <= maxSkewMs) return;
    throw new UnprocessableError('clock_skew', "The kiosk's clock is off the server's; set it right and send again", {
      server_time: now.toISOString(),
      sent_at: sentAt.toISOString(),
      max_skew_seconds: deps.config.punches.maxSkewSeconds,
    });
  }

  /** Why an entry's own time rules it out whatever its PIN, if it does. */
  function timeRefusal(entry: PunchEntry, sentAt: Date, now: Date): string | null {
    if (entry.at.getTime() < now.getTime() - maxAgeMs) return 'punch_too_old';
    if (entry.at.getTime() > sentAt.getTime() + maxSkewMs) return 'punch_in_future';
    return null;
  }

  /** One batch's work: what this device already sent, and the rules applied entry by entry. */
  function receiver(device: Device, sentAt: Date, now: Date, known: Map<string, PunchRecord>) {
    /** A concurrent batch recorded the entry first: it is a duplicate of that, here and for the rest of this batch. */
    async function recordedMeanwhile(entry: PunchEntry): Promise<PunchAnswer> {
      const earlier = await findPunch(db, device.id, entry.client_id);
      known.set(entry.client_id, earlier);
      return duplicateOf(earlier);
    }

    /** Keeps what became of a refused entry. */
    async function record(entry: PunchEntry, code: string): Promise<PunchAnswer> {
      const outcome = { result: 'rejected', code, attendance_id: null } as const;
      try {
        await insertPunch(db, device.id, entry, outcome, now);
      } catch (error) {
        if (isDuplicateKey(error)) return recordedMeanwhile(entry);
        throw error;
      }
      known.set(entry.client_id, { client_id: entry.client_id, ...outcome });
      return { client_id: entry.client_id, result: 'rejected', code };
    }

    /** The employee the code and PIN name, as at the live kiosk (the same PIN budget), or the entry's answer. */
    async function identify(entry: PunchEntry): Promise<{ employee: Employee } | { answer: PunchAnswer }> {
      try {
        return { employee: await attendance.identifyAtKiosk(device.id, entry.employee_code, entry.pin) };
      } catch (error) {
        // A spent budget judged nothing: the entry is not kept, so the kiosk may send it again once the window passes.
        if (error instanceof RateLimitedError) {
          const answer: PunchAnswer = {
            client_id: entry.client_id,
            result: 'rejected',
            code: error.code,
            retry_after_seconds: error.retryAfterSeconds,
          };
          return { answer };
        }
        if (error instanceof UnauthorizedError || error instanceof ForbiddenError)
          return { answer: await record(entry, error.code) };
        throw error;
      }
    }

    /** The check-in or check-out at the entry's own time, its punch row in the same transaction. */
    async function apply(entry: PunchEntry, employee: Employee): Promise<PunchAnswer> {
      const punch = {
        at: entry.at,
        alsoInTransaction: (trx: Trx, applied: { id: number }) =>
          insertPunch(trx, device.id, entry, { result: 'applied', code: null, attendance_id: applied.id }, now),
      };
      try {
        const applied =
          entry.kind === 'in'
            ? await attendance.checkIn({ employee, source: 'kiosk', device }, punch)
            : await attendance.checkOut(employee, punch);
        known.set(entry.client_id, {
          client_id: entry.client_id,
          result: 'applied',
          code: null,
          attendance_id: applied.id,
        });
        return { client_id: entry.client_id, result: 'applied', attendance: applied };
      } catch (error) {
        // Only the punch row can be a duplicate key here (checkIn reports its own as already_checked_in).
        if (isDuplicateKey(error)) return recordedMeanwhile(entry);
        if (error instanceof ConflictError) return record(entry, error.code);
        throw error;
      }
    }

    return async (entry: PunchEntry): Promise<PunchAnswer> => {
      const earlier = known.get(entry.client_id);
      if (earlier) return duplicateOf(earlier);
      const refusal = timeRefusal(entry, sentAt, now);
      if (refusal) return record(entry, refusal);
      const identified = await identify(entry);
      return 'answer' in identified ? identified.answer : apply(entry, identified.employee);
    };
  }

  return {
    /**
     * One answer per entry, in the order sent; the entries are applied oldest
     * first, each on its own (a refused entry fails only itself).
     */
    async receive(device: Device, batch: { sent_at: Date; entries: PunchEntry[] }): Promise<PunchAnswer[]> {
      const now = clock();
      assertClockInStep(batch.sent_at, now);
      const known = await findPunches(
        db,
        device.id,
        batch.entries.map((entry) => entry.client_id),
      );
      const receiveOne = receiver(device, batch.sent_at, now, known);
      const answers: PunchAnswer[] = new Array(batch.entries.length);
      for (const index of oldestFirst(batch.entries)) answers[index] = await receiveOne(batch.entries[index]!);
      const count = (result: PunchAnswer['result']) => answers.filter((answer) => answer.result === result).length;
      logger.info(
        {
          device_id: device.id,
          entries: answers.length,
          applied: count('applied'),
          duplicate: count('duplicate'),
          rejected: count('rejected'),
        },
        'Kiosk punches received',
      );
      return answers;
    },

    /**
     * A live check-in or check-out that names its client_id is kept like a
     * synced entry. A kiosk that lost the answer (a timeout, a 503 after the
     * commit) queues the same entry; when it syncs, the entry is a duplicate
     * of the one that landed instead of a refusal ("Sudah absen masuk").
     */
    liveEntry(device: Device, entry: Pick<PunchEntry, 'client_id' | 'employee_code' | 'kind'>): PunchTime {
      const at = clock();
      return {
        at,
        async alsoInTransaction(trx, applied) {
          try {
            await insertPunch(
              trx,
              device.id,
              { ...entry, at },
              { result: 'applied', code: null, attendance_id: applied.id },
              at,
            );
          } catch (error) {
            if (isDuplicateKey(error)) throw new ConflictError('duplicate_entry', 'This entry was already received');
            throw error;
          }
        },
      };
    },

    async list(deviceId: number, filter: { result?: PunchRecord['result'] }, page: number, perPage: number) {
      if (!(await findDevice(db, deviceId))) throw new NotFoundError('Device');
      const { rows, total } = await listPunches(db, deviceId, filter, page, perPage);
      return { data: rows.map(toPunchJson), meta: pageMeta(page, perPage, total) };
    },
  };
}

export type PunchService = ReturnType<typeof createPunchService>;
