import { api } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { dateTime, shortDate } from '../lib/format';
import { ATTENDANCE_STATUS, sourceLabel } from '../lib/labels';
import { errorMessage } from '../lib/messages';
import type { Attendance, AttendanceAudit } from '../types';
import { historyUi } from './history-ui';

/** "07:58", or "07:58:12" when the seconds say something; "—" for none. */
const exactClock = (clock: string | null) => (clock ? (clock.endsWith(':00') ? clock.slice(0, 5) : clock) : '—');

/** Before → after, in words, for the fields a correction can change. */
function auditChanges(entry: AttendanceAudit): string[] {
  const { before, after } = entry;
  if (!before) {
    const out = after.jam_pulang ? `, pulang ${exactClock(after.jam_pulang)}` : '';
    return [`Dibuat: masuk ${exactClock(after.jam_masuk)}${out}`];
  }
  const lines: string[] = [];
  const compare = (label: string, show: (row: Attendance) => string) => {
    if (show(before) !== show(after)) lines.push(`${label}: ${show(before)} → ${show(after)}`);
  };
  compare('Jam masuk', (row) => exactClock(row.jam_masuk));
  compare('Jam pulang', (row) => exactClock(row.jam_pulang));
  compare('Status', (row) => ATTENDANCE_STATUS[row.status] ?? row.status);
  compare('Sumber', sourceLabel);
  if (before.missing_check_out && !after.missing_check_out) lines.push('Tanda lupa absen pulang dihapus');
  if (!before.missing_check_out && after.missing_check_out) lines.push('Ditandai lupa absen pulang');
  return lines.length > 0 ? lines : ['Tidak ada perubahan jam'];
}

/** Riwayat perubahan of one attendance row: who changed it, when, why, and what. */
export const attendanceAudit = component(() => ({
  entries: [] as AttendanceAudit[],
  loading: false,
  error: '',

  init() {
    this.$watch('row', () => this.opened());
    this.$refs.dialog.addEventListener('close', () => (historyUi.auditOf = null));
  },
  get row() {
    return historyUi.auditOf;
  },
  get title() {
    return 'Riwayat perubahan';
  },
  get subtitle() {
    const row = historyUi.auditOf;
    return row ? `${row.user.name} (${row.user.employee_code}) · ${shortDate(row.date)}` : '';
  },
  async opened() {
    const row = historyUi.auditOf;
    if (!row) return closeDialog(this.$refs.dialog);
    this.entries = [];
    this.error = '';
    this.loading = true;
    showDialog(this.$refs.dialog);
    try {
      const { data } = await api<{ data: AttendanceAudit[] }>('GET', `/api/admin/attendances/${row.id}/audit`);
      if (historyUi.auditOf?.id === row.id) this.entries = data;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  },
  close() {
    closeDialog(this.$refs.dialog);
  },
  get isEmpty() {
    return !this.loading && !this.error && this.entries.length === 0;
  },
  who: (entry: AttendanceAudit) => entry.actor.name,
  when: (entry: AttendanceAudit) => dateTime(entry.at),
  changes: auditChanges,
}));
