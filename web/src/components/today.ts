import { component } from '../lib/component';
import { longDate } from '../lib/format';
import { live } from '../live/store';
import type { Attendance } from '../types';
import { attendanceView } from './attendance-view';

/** Hari Ini: today's attendance as the live feed keeps it. */
export const today = component(() => ({
  search: '',
  get loaded() {
    return live.today.loaded;
  },
  get todayLabel() {
    return live.today.date ? longDate(new Date(`${live.today.date}T12:00:00Z`), 'UTC') : '';
  },
  get rows(): Attendance[] {
    const needle = this.search.trim().toLowerCase();
    if (!needle) return live.today.rows;
    return live.today.rows.filter((row) => `${row.user.name} ${row.user.employee_code}`.toLowerCase().includes(needle));
  },
  get isEmpty() {
    return live.today.loaded && this.rows.length === 0;
  },
  get emptyText() {
    return live.today.rows.length === 0
      ? 'Belum ada yang absen hari ini.'
      : 'Tidak ada pegawai yang cocok dengan pencarian.';
  },
  get countPresent() {
    return live.today.rows.filter((row) => row.status === 'present').length;
  },
  get countLate() {
    return live.today.rows.filter((row) => row.status === 'late').length;
  },
  get countAbsent() {
    return Math.max(0, live.today.activeEmployees - live.today.rows.length);
  },
  get countLeft() {
    return live.today.rows.filter((row) => row.check_out_at !== null).length;
  },
  rowClass(row: Attendance) {
    return live.flash[`attendance-${row.id}`] ? 'row--flash' : '';
  },
  fmt: attendanceView,
}));
