import { api, query } from '../lib/api';
import { component } from '../lib/component';
import { fieldErrors, formMessage } from '../lib/messages';
import { loadPage, withPager } from '../lib/paging';
import type { Correction, PageMeta } from '../types';
import { correctionView } from './corrections';

const PER_PAGE = 10;

const emptyForm = () => ({ date: '', jam_masuk: '', jam_pulang: '', reason: '' });

/** The employee's correction requests: a form to ask, and what became of each. */
export const myCorrections = component(() =>
  withPager({
    form: emptyForm(),
    formErrors: {} as Record<string, string>,
    formError: '',
    message: '',
    sending: false,
    page: 1,
    rows: [] as Correction[],
    meta: null as PageMeta | null,
    loading: true,
    error: '',

    init() {
      void this.load();
    },
    async load(page?: number) {
      this.page = page ?? this.page;
      this.error = '';
      await loadPage(this, `/api/attendances/corrections${query({ page: this.page, per_page: PER_PAGE })}`);
    },
    async submit() {
      if (this.sending) return;
      this.formErrors = {};
      this.formError = '';
      this.message = '';
      const local: Record<string, string> = {};
      if (!this.form.date) local.date = 'Pilih tanggalnya.';
      if (!this.form.jam_masuk && !this.form.jam_pulang) local.jam_masuk = 'Isi jam masuk, jam pulang, atau keduanya.';
      if (!this.form.reason.trim()) local.reason = 'Tuliskan alasannya untuk admin.';
      if (Object.keys(local).length > 0) {
        this.formErrors = local;
        this.formError = formMessage(null, local);
        return;
      }
      this.sending = true;
      try {
        const body = {
          date: this.form.date,
          jam_masuk: this.form.jam_masuk || undefined,
          jam_pulang: this.form.jam_pulang || undefined,
          reason: this.form.reason.trim(),
        };
        await api('POST', '/api/attendances/corrections', { body });
        this.form = emptyForm();
        this.message = 'Pengajuan terkirim. Admin akan memeriksanya; statusnya tampil di bawah.';
        await this.load(1);
      } catch (error) {
        this.formErrors = fieldErrors(error);
        this.formError = formMessage(error, this.formErrors);
      } finally {
        this.sending = false;
      }
    },
    get isEmpty() {
      return !this.loading && this.rows.length === 0;
    },
    get showPager() {
      return (this.meta?.last_page ?? 1) > 1;
    },
    /** The admin's answer, or what the employee is waiting for. */
    answer: (c: Correction) => {
      if (c.status === 'pending') return 'Menunggu keputusan admin.';
      const by = c.decided_by ? c.decided_by.name : 'Admin';
      return c.decision_reason ? `${by}: ${c.decision_reason}` : by;
    },
    fmt: correctionView,
  }),
);
