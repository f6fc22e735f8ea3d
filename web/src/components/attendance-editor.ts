import { ApiError, api } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { shortDate } from '../lib/format';
import { errorMessage, fieldErrors, formMessage } from '../lib/messages';
import { personByCode, withCodeField } from '../lib/people';
import { live } from '../live/store';
import type { Attendance } from '../types';
import { historyUi } from './history-ui';

/** "07:58" for a time input, "" for none. */
const inputClock = (clock: string | null) => clock?.slice(0, 5) ?? '';

const emptyForm = () => ({ code: '', date: '', jam_masuk: '', jam_pulang: '', reason: '' });

/** The admin's correction of one attendance row, or a row added for someone who could not check in. */
export const attendanceEditor = component(() =>
  withCodeField({
    form: emptyForm(),
    formErrors: {} as Record<string, string>,
    formError: '',
    saving: false,

    init() {
      this.$watch('request', () => this.opened());
      this.$refs.dialog.addEventListener('close', () => (historyUi.editor = null));
    },
    get request() {
      return historyUi.editor;
    },
    get row(): Attendance | null {
      return historyUi.editor?.row ?? null;
    },
    get isCreate() {
      return historyUi.editor?.mode === 'create';
    },
    get title() {
      return this.isCreate ? 'Tambah absensi' : 'Ubah absensi';
    },
    get subtitle() {
      const row = this.row;
      return row ? `${row.user.name} (${row.user.employee_code}) · ${shortDate(row.date)}` : '';
    },
    get hint() {
      return this.isCreate
        ? 'Untuk pegawai yang tidak bisa absen sendiri. Tercatat dengan sumber Admin.'
        : 'Perubahan tercatat di riwayat perubahan absensi ini, dengan alasannya.';
    },
    opened() {
      const request = historyUi.editor;
      if (!request) return closeDialog(this.$refs.dialog);
      this.form = request.row
        ? {
            ...emptyForm(),
            jam_masuk: inputClock(request.row.jam_masuk),
            jam_pulang: inputClock(request.row.jam_pulang),
          }
        : { ...emptyForm(), date: live.today.date };
      this.formErrors = {};
      this.formError = '';
      this.suggestions = [];
      showDialog(this.$refs.dialog);
    },
    close() {
      closeDialog(this.$refs.dialog);
    },
    /** What the PATCH changes: only the times that differ, so untouched seconds stay; an emptied jam pulang is cleared. */
    changes(row: Attendance): Record<string, string | null> | null {
      const changed: Record<string, string | null> = {};
      if (this.form.jam_masuk !== inputClock(row.jam_masuk)) changed.jam_masuk = this.form.jam_masuk;
      if (this.form.jam_pulang !== inputClock(row.jam_pulang)) changed.jam_pulang = this.form.jam_pulang || null;
      if (Object.keys(changed).length === 0) {
        this.formError = 'Belum ada jam yang diubah.';
        return null;
      }
      return changed;
    },
    async save() {
      if (this.saving) return;
      this.formErrors = {};
      this.formError = '';
      const reason = this.form.reason.trim();
      if (!reason) {
        this.formErrors = { reason: 'Alasan wajib diisi.' };
        return;
      }
      this.saving = true;
      try {
        const saved = this.isCreate ? await this.create(reason) : await this.update(reason);
        if (!saved) return;
        historyUi.savedText = this.isCreate
          ? `Absensi ${saved.user.name} untuk ${shortDate(saved.date)} ditambahkan.`
          : `Absensi ${saved.user.name} untuk ${shortDate(saved.date)} diubah.`;
        historyUi.saved += 1;
        closeDialog(this.$refs.dialog);
      } catch (error) {
        this.formErrors = fieldErrors(error);
        if (error instanceof ApiError && error.status === 404 && this.isCreate)
          this.formErrors.user_id = errorMessage(error);
        this.formError = formMessage(error, this.formErrors);
      } finally {
        this.saving = false;
      }
    },
    async create(reason: string): Promise<Attendance | null> {
      const person = await personByCode(this.form.code);
      if (!person) {
        this.formErrors = { user_id: 'Tidak ada pegawai aktif dengan kode ini.' };
        this.formError = formMessage(null, this.formErrors);
        return null;
      }
      const body = {
        user_id: person.id,
        date: this.form.date,
        jam_masuk: this.form.jam_masuk,
        jam_pulang: this.form.jam_pulang || undefined,
        reason,
      };
      return (await api<{ data: Attendance }>('POST', '/api/admin/attendances', { body })).data;
    },
    async update(reason: string): Promise<Attendance | null> {
      const row = this.row;
      const changed = row && this.changes(row);
      if (!row || !changed) return null;
      return (
        await api<{ data: Attendance }>('PATCH', `/api/admin/attendances/${row.id}`, { body: { ...changed, reason } })
      ).data;
    },
  }),
);
