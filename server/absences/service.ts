import type { Trx } from '../db/knex';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { type ChangeDeps, commitChange } from '../events/transaction';
import { pageMeta } from '../http/pagination';
import type { Logger } from '../logger';
import {
  type AbsenceFilter,
  type AbsenceWrite,
  deleteAbsence,
  findAbsence,
  findOverlap,
  insertAbsence,
  listAbsences,
  lockAbsence,
  lockUser,
  updateAbsence,
} from './repository';
import { type AbsenceJson, toAbsenceJson } from './types';

/**
 * Izin, sakit, cuti, dinas luar and WFH, entered by an admin for a range of
 * days. One person's absences never share a day; each write commits with an
 * `absence.changed` event and is logged with the admin who made it.
 */
export function createAbsenceService(deps: ChangeDeps & { logger: Logger }) {
  const { db, clock, logger } = deps;

  function assertRange(range: { date_from: string; date_to: string }) {
    if (range.date_to < range.date_from)
      throw new ValidationError([{ path: 'date_to', message: 'must not be before date_from' }]);
  }

  async function assertNoOverlap(trx: Trx, userId: number, range: AbsenceWrite, exceptId: number | null) {
    const other = await findOverlap(trx, userId, range.date_from, range.date_to, exceptId);
    if (other)
      throw new ConflictError(
        'absence_overlaps',
        `This person already has an absence (${other.kind}) from ${other.date_from} to ${other.date_to}`,
      );
  }

  const changed = (action: 'created' | 'updated' | 'deleted', absence: AbsenceJson) => ({
    result: absence,
    events: [{ type: 'absence.changed' as const, data: { action, absence } }],
  });

  return {
    async list(filter: AbsenceFilter, page: number, perPage: number) {
      const { rows, total } = await listAbsences(db, filter, page, perPage);
      return { data: rows.map(toAbsenceJson), meta: pageMeta(page, perPage, total) };
    },

    async create(input: AbsenceWrite & { user_id: number }, actorId: number): Promise<AbsenceJson> {
      assertRange(input);
      const absence = await commitChange(deps, async (trx) => {
        if (!(await lockUser(trx, input.user_id))) throw new NotFoundError('User');
        await assertNoOverlap(trx, input.user_id, input, null);
        const id = await insertAbsence(trx, { ...input, created_by: actorId }, clock());
        return changed('created', toAbsenceJson((await findAbsence(trx, id))!));
      });
      logger.info({ absence_id: absence.id, user_id: input.user_id, actor_id: actorId }, 'Absence created');
      return absence;
    },

    async update(id: number, input: Partial<AbsenceWrite>, actorId: number): Promise<AbsenceJson> {
      const absence = await commitChange(deps, async (trx) => {
        const locked = await lockAbsence(trx, id);
        if (!locked) throw new NotFoundError('Absence');
        await lockUser(trx, locked.user_id);
        const current = (await findAbsence(trx, id))!;
        const next = {
          date_from: current.date_from,
          date_to: current.date_to,
          kind: current.kind,
          note: current.note,
          ...input,
        };
        assertRange(next);
        await assertNoOverlap(trx, locked.user_id, next, id);
        await updateAbsence(trx, id, input, clock());
        return changed('updated', toAbsenceJson((await findAbsence(trx, id))!));
      });
      logger.info({ absence_id: id, actor_id: actorId }, 'Absence updated');
      return absence;
    },

    async remove(id: number, actorId: number): Promise<void> {
      await commitChange(deps, async (trx) => {
        if (!(await lockAbsence(trx, id))) throw new NotFoundError('Absence');
        const removed = toAbsenceJson((await findAbsence(trx, id))!);
        await deleteAbsence(trx, id);
        return changed('deleted', removed);
      });
      logger.info({ absence_id: id, actor_id: actorId }, 'Absence deleted');
    },
  };
}

export type AbsenceService = ReturnType<typeof createAbsenceService>;
