import { ApiError, api, query } from '../lib/api';
import { component } from '../lib/component';
import { shortDate } from '../lib/format';
import { sendForm } from '../lib/forms';
import { HOLIDAY_KIND, holidayBadge } from '../lib/labels';
import { errorMessage, translate } from '../lib/messages';
import { adminTab } from '../lib/router';
import { live, reloadToday } from '../live/store';
import type { Holiday, HolidayKind } from '../types';

const emptyForm = () => ({ date: '', name: '', kind: 'national' as HolidayKind });

const IMPORT_EXAMPLE = `2026-01-01,Tahun Baru Masehi,national
2026-03-20,Cuti Bersama Idul Fitri,cuti_bersama
2026-12-24,Libur Akhir Tahun Kantor,company`;

/** The import box takes CSV lines or JSON (a list, or {holidays: [...]}); the server reads either. */
function importBody(text: string): { csv: string } | { holidays: unknown[] } {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return { csv: trimmed };
  const parsed: unknown = JSON.parse(trimmed);
  if (Array.isArray(parsed)) return { holidays: parsed };
  const list = (parsed as { holidays?: unknown }).holidays;
  if (Array.isArray(list)) return { holidays: list };
  throw new SyntaxError('no holidays list');
}

const FIELD_NAMES: Record<string, string> = { date: 'tanggal', name: 'nama', kind: 'jenis' };

/**
 * One line of the import's 400, readable: `csv.4` "date: expected YYYY-MM-DD"
 * → "Baris 4 (tanggal): Isi tanggal …"; `holidays.3.kind` → "Entri ke-4 (jenis): …".
 */
function importLine(path: string, message: string): string {
  const [source, position, pathField] = path.split('.');
  // A CSV line's message starts with its field ("date: …").
  const named = /^(date|name|kind): (.*)$/.exec(message);
  const field = pathField ?? named?.[1];
  const where = field ? ` (${FIELD_NAMES[field] ?? field})` : '';
  const text = translate(named ? named[2] : message);
  if (source === 'csv' && position) return `Baris ${position}${where}: ${text}`;
  if (source === 'holidays' && position) return `Entri ke-${Number(position) + 1}${where}: ${text}`;
  return text;
}

/** Kalender, first half: the organisation's holidays of one year. */
export const holidays = component(() => ({
  year: 0,
  rows: [] as Holiday[],
  loading: false,
  loaded: false,
  error: '',
  notice: '',
  form: emptyForm(),
  formErrors: {} as Record<string, string>,
  formError: '',
  saving: false,
  importText: '',
  importLines: [] as string[],
  importError: '',
  importing: false,
  importExample: IMPORT_EXAMPLE,

  init() {
    this.$watch('isOpen', () => this.loadOnce());
    // Another admin (or this one, in another tab) changed the calendar.
    this.$watch('changes', () => {
      if (this.loaded) void this.load();
    });
    this.loadOnce();
  },
  get isOpen() {
    return adminTab() === 'kalender';
  },
  get changes() {
    return live.changes.holiday;
  },
  loadOnce() {
    if (this.isOpen && !this.loaded && !this.loading) void this.load();
  },
  async load() {
    // The org's year when the console knows it, else the browser's.
    this.year ||= Number((live.today.date || new Date().toISOString()).slice(0, 4));
    this.loading = true;
    this.error = '';
    try {
      const year = this.year;
      const { data } = await api<{ data: Holiday[] }>('GET', `/api/admin/holidays${query({ year })}`);
      if (year !== this.year) return;
      this.rows = data;
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  },
  previousYear() {
    this.year -= 1;
    void this.load();
  },
  nextYear() {
    this.year += 1;
    void this.load();
  },
  get yearTitle() {
    return `Hari libur ${this.year || ''}`;
  },
  get isEmpty() {
    return this.loaded && this.rows.length === 0;
  },
  dateLabel: (holiday: Holiday) => shortDate(holiday.date),
  kindLabel: (kind: HolidayKind) => HOLIDAY_KIND[kind] ?? kind,
  kindClass: (holiday: Holiday) => holidayBadge(holiday.kind),
  deleteLabel: (holiday: Holiday) => `Hapus ${holiday.name}`,

  async create() {
    this.notice = '';
    await sendForm(this, async () => {
      const body = { date: this.form.date, name: this.form.name.trim(), kind: this.form.kind };
      const { data } = await api<{ data: Holiday }>('POST', '/api/admin/holidays', { body });
      this.notice = `${data.name} (${shortDate(data.date)}) ditambahkan.`;
      this.form = emptyForm();
      this.showYearOf(data.date);
      await this.load();
      if (data.date === live.today.date) reloadToday();
    });
  },
  showYearOf(date: string) {
    this.year = Number(date.slice(0, 4));
  },
  async remove(holiday: Holiday) {
    if (!window.confirm(`Hapus hari libur "${holiday.name}" (${shortDate(holiday.date)})?`)) return;
    this.error = '';
    this.notice = '';
    try {
      await api('DELETE', `/api/admin/holidays/${holiday.id}`);
      this.notice = `${holiday.name} dihapus.`;
    } catch (error) {
      // Already gone (another admin): the reload shows it.
      if (!(error instanceof ApiError && error.status === 404)) this.error = errorMessage(error);
    }
    await this.load();
    if (holiday.date === live.today.date) reloadToday();
  },

  async importList() {
    this.importLines = [];
    this.importError = '';
    this.notice = '';
    if (!this.importText.trim()) {
      this.importError = 'Tempelkan daftar hari libur dulu.';
      return;
    }
    let body: ReturnType<typeof importBody>;
    try {
      body = importBody(this.importText);
    } catch {
      this.importError = 'JSON tidak valid. Gunakan daftar [{"date", "name", "kind"}, …] atau baris CSV.';
      return;
    }
    this.importing = true;
    try {
      const { data } = await api<{ data: { created: number; updated: number } }>('POST', '/api/admin/holidays/import', {
        body,
      });
      this.notice = `Impor selesai: ${data.created} ditambahkan, ${data.updated} diperbarui.`;
      this.importText = '';
      await this.load();
      reloadToday();
    } catch (error) {
      this.importLines = error instanceof ApiError ? error.details.map((d) => importLine(d.path, d.message)) : [];
      this.importError =
        this.importLines.length > 0
          ? 'Tidak ada yang diimpor. Perbaiki baris berikut lalu coba lagi:'
          : errorMessage(error);
    } finally {
      this.importing = false;
    }
  },
}));
