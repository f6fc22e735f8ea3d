import type { WorkSchedule } from '../../../server/schedules/rules';
import { api, query } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { sendForm } from '../lib/forms';
import { errorMessage } from '../lib/messages';
import { emptyPage, loadPage, withPager } from '../lib/paging';
import { adminTab } from '../lib/router';
import type { Role, User } from '../types';

interface UserForm {
  employee_code: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  password: string;
  pin: string;
  /** '' follows the org default schedule. */
  schedule_id: string;
}

const emptyForm = (): UserForm => ({
  employee_code: '',
  name: '',
  email: '',
  role: 'employee',
  active: true,
  password: '',
  pin: '',
  schedule_id: '',
});

/** What to send: a blank password or PIN means "leave as it is", a blank email means "none". */
function bodyOf(form: UserForm, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    employee_code: form.employee_code.trim(),
    name: form.name.trim(),
    email: form.email.trim() || (editing ? null : undefined),
    role: form.role,
    active: form.active,
    schedule_id: form.schedule_id ? Number(form.schedule_id) : null,
  };
  if (form.password) body.password = form.password;
  if (form.pin) body.pin = form.pin;
  return body;
}

/** Pegawai: employees and admins, their PIN and password. */
export const employees = component(() =>
  withPager(
    {
      filter: { q: '', role: '', active: 'true' },
      page: 1,
      rows: [] as User[],
      meta: emptyPage(20),
      loading: false,
      loaded: false,
      error: '',
      notice: '',
      editingId: null as number | null,
      form: emptyForm(),
      schedules: [] as WorkSchedule[],
      formErrors: {} as Record<string, string>,
      formError: '',
      saving: false,

      init() {
        this.$watch('isOpen', () => this.loadOnce());
        this.loadOnce();
      },
      get isOpen() {
        return adminTab() === 'pegawai';
      },
      loadOnce() {
        if (this.isOpen && !this.loaded && !this.loading) void this.load();
      },
      async load() {
        this.error = '';
        const url = `/api/admin/users${query({ ...this.filter, page: this.page, per_page: 20 })}`;
        if (await loadPage(this, url)) this.loaded = true;
      },
      search() {
        this.page = 1;
        void this.load();
      },
      get isEmpty() {
        return this.loaded && this.rows.length === 0;
      },

      roleLabel: (user: User) => (user.role === 'admin' ? 'Admin' : 'Pegawai'),
      activeLabel: (user: User) => (user.active ? 'Aktif' : 'Nonaktif'),
      activeClass: (user: User) => (user.active ? 'badge badge--active' : 'badge badge--inactive'),
      credentials: (user: User) =>
        [user.has_password ? 'Kata sandi' : '', user.has_pin ? 'PIN' : ''].filter(Boolean).join(' · ') || '—',
      email: (user: User) => user.email ?? '—',
      toggleLabel: (user: User) => (user.active ? 'Nonaktifkan' : 'Aktifkan'),
      editLabel: (user: User) => `Ubah ${user.name}`,

      get dialogTitle() {
        return this.editingId === null ? 'Tambah pegawai' : 'Ubah pegawai';
      },
      get secretHint() {
        return this.editingId === null ? '' : 'Kosongkan jika tidak diubah.';
      },
      openCreate() {
        this.editingId = null;
        this.openForm(emptyForm());
      },
      openEdit(user: User) {
        this.editingId = user.id;
        this.openForm({
          employee_code: user.employee_code,
          name: user.name,
          email: user.email ?? '',
          role: user.role,
          active: user.active,
          password: '',
          pin: '',
          schedule_id: user.schedule_id === null ? '' : String(user.schedule_id),
        });
      },
      openForm(form: UserForm) {
        this.form = form;
        void this.loadSchedules();
        this.formErrors = {};
        this.formError = '';
        showDialog(this.$refs.dialog);
      },
      /** The schedules to choose from; the form works without them (the default stays). */
      async loadSchedules() {
        try {
          this.schedules = (await api<{ data: WorkSchedule[] }>('GET', '/api/admin/schedules')).data;
        } catch {
          this.schedules = [];
        }
      },
      closeForm() {
        closeDialog(this.$refs.dialog);
      },
      async save() {
        const editing = this.editingId !== null;
        await sendForm(this, async () => {
          const body = bodyOf(this.form, editing);
          const { data } = editing
            ? await api<{ data: User }>('PATCH', `/api/admin/users/${this.editingId}`, { body })
            : await api<{ data: User }>('POST', '/api/admin/users', { body });
          closeDialog(this.$refs.dialog);
          this.notice = editing ? `Data ${data.name} disimpan.` : `${data.name} ditambahkan.`;
          await this.load();
        });
      },
      async toggleActive(user: User) {
        if (
          user.active &&
          !window.confirm(
            `Nonaktifkan ${user.name}? Ia tidak bisa lagi masuk atau absen, dan sesinya langsung berakhir.`,
          )
        )
          return;
        this.error = '';
        try {
          const { data } = await api<{ data: User }>('PATCH', `/api/admin/users/${user.id}`, {
            body: { active: !user.active },
          });
          this.notice = data.active ? `${data.name} diaktifkan.` : `${data.name} dinonaktifkan.`;
          await this.load();
        } catch (error) {
          this.error = errorMessage(error);
        }
      },
    },
    'orang',
  ),
);
