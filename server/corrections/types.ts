import type { z } from 'zod';
import { employeeOf, personOrNull } from '../users/types';
import type { correctionJson } from './schemas';

export const CORRECTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export interface CorrectionView {
  id: number | string;
  user_id: number;
  user_name: string;
  user_employee_code: string;
  date: string;
  jam_masuk: string | null;
  jam_pulang: string | null;
  reason: string;
  status: CorrectionStatus;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  attendance_id: number | string | null;
  created_at: Date;
  version: number;
}

export type CorrectionJson = z.output<typeof correctionJson>;

export const toCorrectionJson = (row: CorrectionView): CorrectionJson => ({
  id: Number(row.id),
  user: employeeOf(row),
  date: row.date,
  jam_masuk: row.jam_masuk,
  jam_pulang: row.jam_pulang,
  reason: row.reason,
  status: row.status,
  decided_by: personOrNull(row.decided_by, row.decided_by_name),
  decided_at: row.decided_at?.toISOString() ?? null,
  decision_reason: row.decision_reason,
  attendance_id: row.attendance_id === null ? null : Number(row.attendance_id),
  created_at: row.created_at.toISOString(),
  version: row.version,
});
