import type { Config } from '../config';
import { type ChangeDeps, commitChange } from '../events/transaction';
import type { Logger } from '../logger';
import { orgDate } from './org-time';
import { toAttendanceJson } from './presenter';
import { findForgottenCheckOuts, flagMissingCheckOuts, listDayByIds } from './repository';

/**
 * Flags `missing_check_out` on attendances still open after their org-local
 * day ended, a batch per transaction, each with a new version and its
 * `attendance.updated` event. Nothing invents a check-out time: HR corrects it
 * or the employee asks for a correction. Answers how many were flagged.
 */
export async function flagForgottenCheckOuts(
  deps: ChangeDeps & { config: Pick<Config, 'org'>; logger: Logger },
  batchSize = 500,
): Promise<number> {
  const { db, clock, config } = deps;
  const today = orgDate(clock(), config.org.timezone);
  let flagged = 0;
  for (;;) {
    const ids = await findForgottenCheckOuts(db, today, batchSize);
    if (ids.length === 0) break;
    flagged += await commitChange(deps, async (trx) => {
      const still = await flagMissingCheckOuts(trx, ids, clock());
      const attendances = (await listDayByIds(trx, still)).map((row) => toAttendanceJson(row, config.org.timezone));
      return {
        result: still.length,
        events: attendances.map((data) => ({ type: 'attendance.updated' as const, data })),
      };
    });
    if (ids.length < batchSize) break;
  }
  if (flagged > 0) deps.logger.info({ flagged, before: today }, 'Forgotten check-outs flagged');
  return flagged;
}
