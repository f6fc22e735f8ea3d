import { component } from '../lib/component';
import { longDate, shortDate } from '../lib/format';
import { ABSENCE_KIND, ABSENCE_KINDS, absenceBadge } from '../lib/labels';
import { live } from '../live/store';
import type { AbsenceKind, Attendance, PersonRef, TodayAbsence } from '../types';
import { attendanceView } from './attendance-view';

const NOTES: Record<AbsenceKind, string> = {
  izin: 'izin hari ini',
  sakit: 'sakit hari ini',
  cuti: 'cuti hari ini',
  dinas_luar: 'tugas di luar kantor',
  wfh: 'bekerja dari rumah',
};

/** Who has a row today: they are neither "not checked in" nor counted by their absence. */
const checkedIn = () => new Set(live.today.rows.map((row) => row.user.id));

/** Hari Ini: today's attendance as the live feed keeps it. */
export const today = component(() => ({
  search: '',
  absenceKinds: ABSENCE_KINDS,
  get loaded() {
    return live.today.loaded;
  },
  get todayLabel() {
    return live.today.date ? longDate(new Date(`${live.today.date}T12:00:00Z`), 'UTC') : '';
  },
  // A holiday or a day off: nobody is waited for.
  get isDayOff() {
    return live.today.loaded && !live.today.workingDay;
  },
  get dayOffTitle() {
    return live.today.holiday ? `Hari libur: ${live.today.holiday.name}` : 'Bukan hari kerja';
  },
  get dayOffText() {
    return 'Tidak ada pegawai yang ditunggu absen hari ini. Yang tetap masuk tercatat seperti biasa.';
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
    return this.notCheckedIn.length;
  },
  get countLeft() {
    return live.today.rows.filter((row) => row.check_out_at !== null).length;
  },
  /** The snapshot's list minus whoever checked in since (a live attendance.created). */
  get notCheckedIn(): PersonRef[] {
    if (!live.today.workingDay) return [];
    const arrived = checkedIn();
    return live.today.notCheckedIn.filter((person) => !arrived.has(person.id));
  },
  /** Absences of people who did not come in anyway; one who checked in counts as present. */
  get awayToday(): TodayAbsence[] {
    const arrived = checkedIn();
    return live.today.absences.filter((absence) => !arrived.has(absence.user.id));
  },
  countAway(kind: AbsenceKind) {
    return this.awayToday.filter((absence) => absence.kind === kind).length;
  },
  awayLabel: (kind: AbsenceKind) => ABSENCE_KIND[kind],
  awayNote: (kind: AbsenceKind) => NOTES[kind],
  awayStatClass: (kind: AbsenceKind) => `stat stat--compact stat--absence-${kind}`,
  awayTestId: (kind: AbsenceKind) => `count-${kind}`,
  absenceLabel: (absence: TodayAbsence) => ABSENCE_KIND[absence.kind],
  absenceClass: (absence: TodayAbsence) => absenceBadge(absence.kind),
  absenceUntil: (absence: TodayAbsence) =>
    absence.date_from === absence.date_to ? 'hari ini saja' : `sampai ${shortDate(absence.date_to)}`,
  get notCheckedInTitle() {
    return `Belum Absen (${this.notCheckedIn.length})`;
  },
  get nobodyWaiting() {
    return live.today.loaded && this.notCheckedIn.length === 0;
  },
  get nobodyAway() {
    return live.today.loaded && this.awayToday.length === 0;
  },
  get notCheckedInEmptyText() {
    if (this.isDayOff) return 'Hari ini tidak ada yang ditunggu absen.';
    return 'Semua pegawai yang ditunggu sudah absen.';
  },
  get awayTitle() {
    return `Izin, Sakit & Cuti (${this.awayToday.length})`;
  },
  rowClass(row: Attendance) {
    return live.flash[`attendance-${row.id}`] ? 'row--flash' : '';
  },
  fmt: attendanceView,
}));
