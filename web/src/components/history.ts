import { api, query } from '../lib/api';
import { component } from '../lib/component';
import { download, toCsv } from '../lib/csv';
import { ATTENDANCE_STATUS, sourceLabel } from '../lib/labels';
import { errorMessage } from '../lib/messages';
import { emptyPage, loadPage, withFilter, withPager } from '../lib/paging';
import { adminTab } from '../lib/router';
import { live } from '../live/store';
import type { Attendance, PageMeta } from '../types';
import { attendanceView } from './attendance-view';
import { historyUi } from './history-ui';

type SortField = 'date' | 'check_in_at' | 'check_out_at' | 'name' | 'employee_code' | 'status' | 'duration_minutes';
type HistoryPage = { data: Attendance[]; meta: PageMeta };

const EXPORT_PAGE_SIZE = 100;

const emptyFilter = () => ({ date_from: '', date_to: '', status: '', q: '', missing_check_out: false });

/** Riwayat: the server-side paginated history. It refreshes when the user asks, never under their cursor. */
export const history = component(() =>
  withPager(
    withFilter(
      {
        filter: emptyFilter(),
        /** The filter of the rows shown (the form may hold edits not applied yet). */
        applied: emptyFilter(),
        sort: 'date' as SortField,
        order: 'desc' as 'asc' | 'desc',
        page: 1,
        perPage: 20,
        rows: [] as Attendance[],
        meta: emptyPage(20),
        loading: false,
        loaded: false,
        exporting: false,
        error: '',
        notice: '',

        init() {
          // Loaded the first time the tab is opened, not with the console.
          this.$watch('isOpen', () => this.loadOnce());
          // A correction or an added row was saved in a dialog: show it.
          this.$watch('saved', () => {
            this.notice = historyUi.savedText;
            void this.load();
          });
          this.loadOnce();
        },
        get saved() {
          return historyUi.saved;
        },
        get isOpen() {
          return adminTab() === 'riwayat';
        },
        loadOnce() {
          if (this.isOpen && !this.loaded && !this.loading) void this.load();
        },
        params(page: number, perPage: number) {
          const { missing_check_out, ...filter } = this.applied;
          return query({
            ...filter,
            missing_check_out: missing_check_out ? 'true' : undefined,
            sort: this.sort,
            order: this.order,
            page,
            per_page: perPage,
          });
        },
        async load() {
          this.error = '';
          // Whatever changed so far is in what this load returns.
          const seen = live.historyChanges;
          if (!(await loadPage(this, `/api/attendances${this.params(this.page, this.perPage)}`))) return;
          this.loaded = true;
          live.historyChanges = Math.max(0, live.historyChanges - seen);
        },
        openEdit(row: Attendance) {
          this.notice = '';
          historyUi.editor = { mode: 'edit', row };
        },
        openCreate() {
          this.notice = '';
          historyUi.editor = { mode: 'create', row: null };
        },
        openAudit(row: Attendance) {
          historyUi.auditOf = row;
        },
        editLabel: (row: Attendance) => `Ubah absensi ${row.user.name} ${row.date}`,
        auditLabel: (row: Attendance) => `Riwayat perubahan absensi ${row.user.name} ${row.date}`,
        sortBy(field: SortField) {
          this.order = this.sort === field && this.order === 'desc' ? 'asc' : 'desc';
          this.sort = field;
          this.page = 1;
          void this.load();
        },
        ariaSort(field: SortField) {
          if (this.sort !== field) return 'none';
          return this.order === 'asc' ? 'ascending' : 'descending';
        },
        sortIcon(field: SortField) {
          if (this.sort !== field) return '↕';
          return this.order === 'asc' ? '↑' : '↓';
        },
        changePageSize() {
          this.page = 1;
          void this.load();
        },
        get changes() {
          return live.historyChanges;
        },
        get changesText() {
          return `${live.historyChanges} perubahan absensi sejak daftar ini dimuat.`;
        },
        get isEmpty() {
          return this.loaded && this.rows.length === 0;
        },

        /** Every row of the applied filter, fetched page by page, as one CSV file. */
        async exportCsv() {
          this.exporting = true;
          this.error = '';
          try {
            const rows: Attendance[] = [];
            for (let page = 1, last = 1; page <= last; page++) {
              const result = await api<HistoryPage>('GET', `/api/attendances${this.params(page, EXPORT_PAGE_SIZE)}`);
              rows.push(...result.data);
              last = result.meta.last_page;
            }
            const header = [
              'Tanggal',
              'Kode',
              'Nama',
              'Jam Masuk',
              'Jam Pulang',
              'Status',
              'Durasi (menit)',
              'Sumber',
              'Lupa Absen Pulang',
            ];
            const cells = rows.map((r) => [
              r.date,
              r.user.employee_code,
              r.user.name,
              r.jam_masuk,
              r.jam_pulang,
              ATTENDANCE_STATUS[r.status],
              r.duration_minutes,
              sourceLabel(r),
              r.missing_check_out ? 'ya' : '',
            ]);
            download(
              `riwayat-absensi-${this.applied.date_from || 'awal'}-${this.applied.date_to || 'kini'}.csv`,
              toCsv(header, cells),
            );
          } catch (error) {
            this.error = errorMessage(error);
          } finally {
            this.exporting = false;
          }
        },
        fmt: attendanceView,
      },
      emptyFilter,
    ),
    'data',
  ),
);
