import { query } from '../lib/api';
import { component } from '../lib/component';
import { dayRange } from '../lib/format';
import { ABSENCE_KIND, absenceBadge } from '../lib/labels';
import { loadPage } from '../lib/paging';
import type { Absence, PageMeta } from '../types';

const PER_PAGE = 10;

/** The employee's own izin, sakit, cuti, dinas luar and WFH, as HR recorded them. */
export const myAbsences = component(() => ({
  rows: [] as Absence[],
  meta: null as PageMeta | null,
  loading: true,
  error: '',

  init() {
    void this.load();
  },
  async load() {
    this.error = '';
    await loadPage(this, `/api/attendances/absences${query({ per_page: PER_PAGE })}`);
  },
  get isEmpty() {
    return !this.loading && this.rows.length === 0;
  },
  kind: (absence: Absence) => ABSENCE_KIND[absence.kind],
  badge: (absence: Absence) => absenceBadge(absence.kind),
  range: (absence: Absence) => dayRange(absence.date_from, absence.date_to),
}));
