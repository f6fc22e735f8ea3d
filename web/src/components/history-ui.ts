import Alpine from '@alpinejs/csp';
import type { Attendance } from '../types';

/** What Riwayat and its dialogs share: the row being corrected or added, the row whose audit is open, the last save. */
export const historyUi = Alpine.reactive({
  editor: null as { mode: 'create' | 'edit'; row: Attendance | null } | null,
  auditOf: null as Attendance | null,
  /** Bumped by each save; `savedText` says what was saved. */
  saved: 0,
  savedText: '',
});
