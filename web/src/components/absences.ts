import { ApiError, api, query } from '../lib/api';
import { component } from '../lib/component';
import { dateTime, dayRange } from '../lib/format';
import { sendForm } from '../lib/forms';
import { ABSENCE_KIND, absenceBadge } from '../lib/labels';
import { errorMessage, fieldErrors, formMessage } from '../lib/messages';
import { emptyPage, loadPage, withFilter, withPager } from '../lib/paging';
import { personByCode, personLabel, withCodeField } from '../lib/people';
import { adminTab } from '../lib/router';
import { live, reloadToday } from '../live/store';
import type { Absence, AbsenceKind } from '../types';

const PER_PAGE = 20;
const NOT_FOUND = 'Tidak ada pegawai aktif dengan kode ini.';

const emptyForm = (day: string) => ({ code: '', date_from: day, date_to: day, kind: 'sakit' as AbsenceKind, note: '' });
const emptyFilter = () => ({ date_from: '', date_to: '', kind: '' });

/** Kalender, second half: who is away (izin, sakit, cuti, dinas luar, WFH) on which days. */
export const absences = component(() =>
  withPager(
    withFilter(
      withCodeField({
        page: 1,
        rows: [] as Absence[],
        meta: emptyPage(PER_PAGE),
        filter: emptyFilter(),
        applied: emptyFilter(),
        loading: false,
        loaded: false,
        error: '',
        notice: '',
        form: emptyForm(live.today.date),
        formErrors: {} as Record<string, string>,
        formError: '',
        saving: false,

        init() {
          this.$watch('isOpen', () => this.loadOnce());
          this.$watch('changes', () => {
            if (this.loaded) void this.load();
          });
          // The form starts on the org's today, once the console knows it.
          this.$watch('today', () => {
            if (!this.form.date_from) this.form = emptyForm(this.today);
          });
          this.loadOnce();
        },
        get isOpen() {
          return adminTab() === 'kalender';
        },
        get changes() {
          return live.changes.absence;
        },
        get today() {
          return live.today.date;
        },
        loadOnce() {
          if (this.isOpen && !this.loaded && !this.loading) void this.load();
        },
        async load() {
          this.error = '';
          const url = `/api/admin/absences${query({ ...this.applied, page: this.page, per_page: PER_PAGE })}`;
          if (await loadPage(this, url)) this.loaded = true;
        },
        get isEmpty() {
          return this.loaded && this.rows.length === 0;
        },
        /** Tanggal selesai follows the start until it is set apart from it. */
        startChanged() {
          if (!this.form.date_to || this.form.date_to < this.form.date_from) this.form.date_to = this.form.date_from;
        },
        kindLabel: (absence: Absence) => ABSENCE_KIND[absence.kind] ?? absence.kind,
        kindClass: (absence: Absence) => absenceBadge(absence.kind),
        range: (absence: Absence) => dayRange(absence.date_from, absence.date_to),
        note: (absence: Absence) => absence.note || '—',
        recordedBy: (absence: Absence) =>
          absence.created_by
            ? `${absence.created_by.name} · ${dateTime(absence.created_at)}`
            : dateTime(absence.created_at),
        deleteLabel: (absence: Absence) => `Hapus ${ABSENCE_KIND[absence.kind]} ${absence.user.name}`,

        async create() {
          this.notice = '';
          await sendForm(
            this,
            async () => {
              const person = await personByCode(this.form.code);
              if (!person) {
                this.formErrors = { user_id: NOT_FOUND };
                this.formError = formMessage(null, this.formErrors);
                return;
              }
              const body = {
                user_id: person.id,
                date_from: this.form.date_from,
                date_to: this.form.date_to,
                kind: this.form.kind,
                note: this.form.note.trim() || undefined,
              };
              const { data } = await api<{ data: Absence }>('POST', '/api/admin/absences', { body });
              this.notice = `${ABSENCE_KIND[data.kind]} ${personLabel(data.user)} dicatat: ${dayRange(data.date_from, data.date_to)}.`;
              this.form = emptyForm(live.today.date);
              this.suggestions = [];
              await this.load();
              reloadToday();
            },
            (error) => {
              const fields = fieldErrors(error);
              // An unknown user_id (404) is the code field's problem.
              if (error instanceof ApiError && error.status === 404) fields.user_id = NOT_FOUND;
              return fields;
            },
          );
        },
        async remove(absence: Absence) {
          const what = `${ABSENCE_KIND[absence.kind]} ${absence.user.name} (${dayRange(absence.date_from, absence.date_to)})`;
          if (!window.confirm(`Hapus ${what}?`)) return;
          this.error = '';
          this.notice = '';
          try {
            await api('DELETE', `/api/admin/absences/${absence.id}`);
            this.notice = `${what} dihapus.`;
          } catch (error) {
            if (!(error instanceof ApiError && error.status === 404)) this.error = errorMessage(error);
          }
          await this.load();
          reloadToday();
        },
      }),
      emptyFilter,
    ),
    'data',
  ),
);
