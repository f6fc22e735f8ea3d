import type { z } from 'zod';
import { employeeOf, personOrNull } from '../users/types';
import type { absenceJson } from './schemas';

export const ABSENCE_KINDS = ['izin', 'sakit', 'cuti', 'dinas_luar', 'wfh'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** An absence row joined with the names admins need to read it. */
export interface AbsenceView {
  id: number | string;
  user_id: number;
  user_name: string;
  user_employee_code: string;
  date_from: string;
  date_to: string;
  kind: AbsenceKind;
  note: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export type AbsenceJson = z.output<typeof absenceJson>;

export const toAbsenceJson = (row: AbsenceView): AbsenceJson => ({
  id: Number(row.id),
  user: employeeOf(row),
  date_from: row.date_from,
  date_to: row.date_to,
  kind: row.kind,
  note: row.note,
  created_by: personOrNull(row.created_by, row.created_by_name),
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
  version: row.version,
});
