import { WEEKDAYS } from '../../../server/calendar/types';
import type { MonthlyRecap, RecapTotals } from '../../../server/reports/monthly';
import type { WorkSchedule } from '../../../server/schedules/rules';
import { api, query } from '../lib/api';
import { component } from '../lib/component';
import { errorMessage, fieldErrors } from '../lib/messages';
import { adminTab } from '../lib/router';

const WEEKDAY_LABELS = { mon: 'Sen', tue: 'Sel', wed: 'Rab', thu: 'Kam', fri: 'Jum', sat: 'Sab', sun: 'Min' } as const;
const CODE_CLASSES: Record<string, string> = { H: 'ok', T: 'late', A: 'absent', L: 'off', '-': 'none' };

/** This month in the org's calendar, as the server's clock would say: the browser's month is close enough to start from. */
const thisMonth = () => new Date().toISOString().slice(0, 7);

const emptySchedule = () => ({
  name: '',
  work_start: '08:00',
  work_end: '17:00',
  late_tolerance_minutes: 15,
  work_days: ['mon', 'tue', 'wed', 'thu', 'fri'] as string[],
  crosses_midnight: false,
});

/** Rekap: the monthly recap for payroll (codes per day, totals), its downloads, and the work schedules it judges by. */
export const recap = component(() => ({
  month: thisMonth(),
  recap: null as MonthlyRecap | null,
  loading: false,
  error: '',
  schedules: [] as WorkSchedule[],
  defaultSchedule: null as WorkSchedule | null,
  form: emptySchedule(),
  formErrors: {} as Record<string, string>,
  formError: '',
  saving: false,
  weekdays: WEEKDAYS.map((day) => ({ day, label: WEEKDAY_LABELS[day] })),

  init() {
    this.$watch('isOpen', () => this.isOpen && void this.load());
    if (this.isOpen) void this.load();
  },
  get isOpen() {
    return adminTab() === 'rekap';
  },
  async load() {
    this.loading = true;
    this.error = '';
    try {
      const [report, schedules] = await Promise.all([
        api<{ data: MonthlyRecap }>('GET', `/api/admin/reports/monthly${query({ month: this.month })}`),
        api<{ data: WorkSchedule[]; meta: { default: WorkSchedule } }>('GET', '/api/admin/schedules'),
      ]);
      this.recap = report.data;
      this.schedules = schedules.data;
      this.defaultSchedule = schedules.meta.default;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  },
  get dayNumbers() {
    return (this.recap?.days ?? []).map((day) => Number(day.slice(8)));
  },
  get rows() {
    return this.recap?.rows ?? [];
  },
  get totals() {
    return this.recap?.totals ?? null;
  },
  /** The totals row's cells; empty until the first answer (the CSP build has no optional chaining). */
  get foot(): Partial<RecapTotals> {
    return this.recap?.totals ?? {};
  },
  get isEmpty() {
    return this.recap !== null && this.recap.rows.length === 0;
  },
  downloadUrl(format: 'csv' | 'xlsx') {
    return `/api/admin/reports/monthly${query({ month: this.month, format })}`;
  },
  get csvUrl() {
    return this.downloadUrl('csv');
  },
  get xlsxUrl() {
    return this.downloadUrl('xlsx');
  },
  codeClass(code: string) {
    return `code code--${CODE_CLASSES[code] ?? 'leave'}`;
  },
  scheduleDays(schedule: WorkSchedule) {
    return schedule.work_days.map((day) => WEEKDAY_LABELS[day]).join(', ');
  },
  scheduleHours(schedule: WorkSchedule) {
    return `${schedule.work_start}–${schedule.work_end}${schedule.crosses_midnight ? ' (lewat tengah malam)' : ''}`;
  },
  async addSchedule() {
    this.saving = true;
    this.formErrors = {};
    this.formError = '';
    try {
      await api('POST', '/api/admin/schedules', { body: { ...this.form, name: this.form.name.trim() } });
      this.form = emptySchedule();
      await this.load();
    } catch (error) {
      this.formErrors = fieldErrors(error);
      this.formError = errorMessage(error);
    } finally {
      this.saving = false;
    }
  },
}));
