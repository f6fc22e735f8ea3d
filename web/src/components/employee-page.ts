import { ApiError, api, query } from '../lib/api';
import { component } from '../lib/component';
import { clockTime, duration, hourMinute, longDate } from '../lib/format';
import { errorMessage } from '../lib/messages';
import { loadPage, withPager } from '../lib/paging';
import { logOut, session } from '../lib/session';
import { ticker } from '../lib/ticker';
import type { Attendance, PageMeta } from '../types';
import { attendanceView } from './attendance-view';

interface MineMeta extends PageMeta {
  today: string;
  timezone: string;
  server_time: string;
}

const PER_PAGE = 10;

/** The employee's own page: one big button for today, and their history. */
export const employeePage = component(() =>
  withPager({
    todayRow: null as Attendance | null,
    page: 1,
    rows: [] as Attendance[],
    meta: null as MineMeta | null,
    skewMs: 0,
    loading: true,
    busy: false,
    message: '',
    error: '',

    init() {
      void this.load();
    },
    /** A page of the history; the first one also holds today's row. */
    async load(page?: number) {
      this.page = page ?? this.page;
      const result = await loadPage(this, `/api/attendances/mine${query({ page: this.page, per_page: PER_PAGE })}`);
      if (!result) return;
      this.skewMs = Date.parse(result.meta.server_time) - Date.now();
      if (this.page === 1) this.todayRow = result.data.find((row) => row.date === result.meta.today) ?? null;
    },
    get firstName() {
      return session.user?.name.split(' ')[0] ?? '';
    },
    get userName() {
      return session.user?.name ?? '';
    },
    get now() {
      return new Date(ticker.now + this.skewMs);
    },
    get clock() {
      return clockTime(this.now, this.meta?.timezone);
    },
    get todayLabel() {
      return longDate(this.now, this.meta?.timezone);
    },
    /** none → can check in; in → can check out; out → done for today. */
    get state(): 'none' | 'in' | 'out' {
      if (!this.todayRow) return 'none';
      return this.todayRow.check_out_at ? 'out' : 'in';
    },
    get buttonLabel(): string {
      return { none: 'Absen Masuk', in: 'Absen Pulang', out: 'Sudah Pulang' }[this.state];
    },
    get buttonClass() {
      return `punch punch--${this.state}`;
    },
    get buttonDisabled() {
      return this.busy || this.loading || this.state === 'out';
    },
    get stateText() {
      const row = this.todayRow;
      if (!row) return 'Anda belum absen hari ini.';
      const late = row.status === 'late' ? ' (terlambat)' : '';
      if (!row.check_out_at) return `Masuk pukul ${hourMinute(row.jam_masuk)}${late}. Jangan lupa absen pulang.`;
      return `Masuk ${hourMinute(row.jam_masuk)}${late}, pulang ${hourMinute(row.jam_pulang)} · ${duration(row.duration_minutes)} bekerja.`;
    },
    async punch() {
      if (this.buttonDisabled) return;
      const checkingIn = this.state === 'none';
      this.busy = true;
      this.message = '';
      this.error = '';
      try {
        const { data } = await api<{ data: Attendance }>(
          'POST',
          checkingIn ? '/api/attendances/check-in' : '/api/attendances/check-out',
        );
        this.todayRow = data;
        this.message = checkingIn
          ? `Absen masuk tercatat pukul ${hourMinute(data.jam_masuk)}.`
          : `Absen pulang tercatat pukul ${hourMinute(data.jam_pulang)}. Sampai jumpa!`;
        await this.load(1);
      } catch (error) {
        this.error = errorMessage(error);
        // A conflict means this page was behind (another tab, a kiosk): show the truth.
        if (error instanceof ApiError && error.status === 409) await this.load(1);
      } finally {
        this.busy = false;
      }
    },
    get isEmpty() {
      return !this.loading && this.rows.length === 0;
    },
    fmt: attendanceView,
    async logout() {
      await logOut();
    },
  }),
);
