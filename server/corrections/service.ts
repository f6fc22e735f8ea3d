import type { AttendanceCorrections } from '../attendance/correction-service';
import { orgDate, orgInstant } from '../attendance/org-time';
import { lockAttendanceOfDay } from '../attendance/repository';
import type { Config } from '../config';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { type ChangeDeps, commitChange } from '../events/transaction';
import { pageMeta } from '../http/pagination';
import type { Logger } from '../logger';
import { findCorrection, insertCorrection, listCorrections, lockCorrection, recordDecision } from './repository';
import { type CorrectionJson, type CorrectionStatus, toCorrectionJson } from './types';

interface CorrectionRequest {
  date: string;
  jam_masuk?: string | undefined;
  jam_pulang?: string | undefined;
  reason: string;
}

/** "HH:MM" as typed is stored as the TIME it means, so every reader sees HH:MM:SS. */
const asTime = (value: string | undefined) => (value === undefined ? null : value.length === 5 ? `${value}:00` : value);

/**
 * Employees ask ("lupa absen pulang kemarin 17:05"), admins decide. An
 * approval applies the change as an audited admin write in the same
 * transaction as the decision; a request is decided once, so of two admins
 * approving at once one wins and the other gets 409.
 */
export function createCorrectionService(
  deps: ChangeDeps & { config: Pick<Config, 'org'>; logger: Logger; attendances: AttendanceCorrections },
) {
  const { db, clock, config, logger, attendances } = deps;
  const timezone = config.org.timezone;

  function assertAskable(request: CorrectionRequest) {
    const problems = [];
    if (request.date > orgDate(clock(), timezone))
      problems.push({ path: 'date', message: 'must not be in the future' });
    if (request.jam_masuk === undefined && request.jam_pulang === undefined)
      problems.push({ path: 'jam_masuk', message: 'give jam_masuk, jam_pulang or both' });
    if (
      request.jam_masuk !== undefined &&
      request.jam_pulang !== undefined &&
      orgInstant(request.date, request.jam_pulang, timezone) <= orgInstant(request.date, request.jam_masuk, timezone)
    )
      problems.push({ path: 'jam_pulang', message: 'must be after jam_masuk' });
    if (problems.length > 0) throw new ValidationError(problems);
  }

  /** Locks a request that is still pending, or says it was already decided. */
  async function lockPending(trx: Parameters<typeof lockCorrection>[0], id: number) {
    const locked = await lockCorrection(trx, id);
    if (!locked) throw new NotFoundError('Correction');
    if (locked.status !== 'pending')
      throw new ConflictError('correction_decided', `This request was already ${locked.status}`);
    return (await findCorrection(trx, id))!;
  }

  const decided = async (trx: Parameters<typeof findCorrection>[0], id: number) =>
    toCorrectionJson((await findCorrection(trx, id))!);

  return {
    async request(userId: number, request: CorrectionRequest): Promise<CorrectionJson> {
      assertAskable(request);
      const correction = await commitChange(deps, async (trx) => {
        const id = await insertCorrection(
          trx,
          {
            user_id: userId,
            date: request.date,
            jam_masuk: asTime(request.jam_masuk),
            jam_pulang: asTime(request.jam_pulang),
            reason: request.reason,
          },
          clock(),
        );
        const created = toCorrectionJson((await findCorrection(trx, id))!);
        return { result: created, events: [{ type: 'correction.requested', data: created }] };
      });
      logger.info({ correction_id: correction.id, user_id: userId, date: correction.date }, 'Correction requested');
      return correction;
    },

    async list(filter: { user_id?: number; status?: CorrectionStatus | undefined }, page: number, perPage: number) {
      const { rows, total } = await listCorrections(db, filter, page, perPage);
      return { data: rows.map(toCorrectionJson), meta: pageMeta(page, perPage, total) };
    },

    async approve(id: number, adminId: number, decisionReason: string | null) {
      const result = await commitChange(deps, async (trx) => {
        const pending = await lockPending(trx, id);
        const by = {
          actorId: adminId,
          reason: `Koreksi #${id}: ${pending.reason}${decisionReason ? ` (${decisionReason})` : ''}`,
        };
        const times = { jam_masuk: pending.jam_masuk ?? undefined, jam_pulang: pending.jam_pulang ?? undefined };
        const existing = await lockAttendanceOfDay(trx, pending.user_id, pending.date);
        if (!existing && times.jam_masuk === undefined)
          throw new ConflictError(
            'nothing_to_correct',
            'There is no attendance on that day to give a check-out; the request needs jam_masuk',
          );
        const write = existing
          ? await attendances.changeInTransaction(trx, existing.id, times, by)
          : await attendances.createInTransaction(
              trx,
              {
                user_id: pending.user_id,
                date: pending.date,
                jam_masuk: times.jam_masuk!,
                jam_pulang: times.jam_pulang ?? null,
              },
              by,
            );
        await recordDecision(
          trx,
          id,
          {
            status: 'approved',
            decided_by: adminId,
            decision_reason: decisionReason,
            attendance_id: write.attendance.id,
          },
          clock(),
        );
        const correction = await decided(trx, id);
        return {
          result: { correction, attendance: write.attendance },
          events: [...write.events, { type: 'correction.decided' as const, data: correction }],
        };
      });
      logger.info({ correction_id: id, attendance_id: result.attendance.id, actor_id: adminId }, 'Correction approved');
      return result;
    },

    async reject(id: number, adminId: number, decisionReason: string) {
      const correction = await commitChange(deps, async (trx) => {
        await lockPending(trx, id);
        await recordDecision(
          trx,
          id,
          { status: 'rejected', decided_by: adminId, decision_reason: decisionReason, attendance_id: null },
          clock(),
        );
        const rejected = await decided(trx, id);
        return { result: rejected, events: [{ type: 'correction.decided', data: rejected }] };
      });
      logger.info({ correction_id: id, actor_id: adminId }, 'Correction rejected');
      return { correction };
    },
  };
}

export type CorrectionService = ReturnType<typeof createCorrectionService>;
