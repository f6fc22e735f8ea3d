import { lengthInWords } from '../../../server/alerts/messages';
import { api } from '../lib/api';
import { component } from '../lib/component';
import { fromLocalInput, hourMinuteAt, localInputValue, shortDate } from '../lib/format';
import { sendForm } from '../lib/forms';
import { errorMessage } from '../lib/messages';
import { live, rememberDevice } from '../live/store';
import type { AvailabilityDay, Device, DeviceAvailability, Outage } from '../types';
import { deviceUi } from './device-ui';
import { deviceView, serverNow } from './device-view';

const HOUR_MS = 3_600_000;
const percent = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('id-ID');
/** Until the first answer names the org's timezone: the browser's. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const { inMaintenance } = deviceView;

/**
 * In the device detail: the last seven days of availability (outage times in
 * the organisation's timezone, as the alerts name them) and the maintenance
 * window, set and ended here. The window's end is typed and shown in the
 * organisation's time too, so the office and the console agree.
 */
export const deviceAvailability = component(() => ({
  report: null as DeviceAvailability | null,
  loadError: '',
  until: '',
  formErrors: {} as Record<string, string>,
  formError: '',
  notice: '',
  saving: false,

  init() {
    this.$watch('selectedId', () => this.opened());
    // Opening a device changes the key too, so this is also its first load.
    this.$watch('statusKey', () => {
      if (this.device) void this.load();
    });
  },
  get selectedId() {
    return deviceUi.selectedId;
  },
  get device(): Device | null {
    return live.devices.rows.find((device) => device.id === deviceUi.selectedId) ?? null;
  },
  // A transition, or a maintenance window set, while the detail is open changes the days.
  get statusKey() {
    const device = this.device;
    return device ? `${device.id}:${device.status}:${device.version}` : '';
  },
  get timeZone() {
    return this.report ? this.report.timezone : browserZone();
  },
  opened() {
    this.report = null;
    this.formErrors = {};
    this.formError = '';
    this.notice = '';
    if (this.device) this.until = this.suggestedUntil();
  },
  /** The current window's end, or an hour from now. */
  suggestedUntil() {
    const device = this.device;
    const end = device && inMaintenance(device) ? Date.parse(device.maintenance_until!) : serverNow() + HOUR_MS;
    return localInputValue(new Date(end), this.timeZone);
  },
  async load() {
    const id = deviceUi.selectedId;
    this.loadError = '';
    try {
      const { data } = await api<{ data: DeviceAvailability }>('GET', `/api/admin/devices/${id}/availability`);
      if (id !== deviceUi.selectedId) return;
      const zoneKnown = this.report !== null;
      this.report = data;
      // The suggestion was made in the browser's timezone before the org's was known.
      if (!zoneKnown && !this.formErrors.until) this.until = this.suggestedUntil();
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  },
  /** Newest day first, like the status history above. */
  get days(): AvailabilityDay[] {
    return this.report ? [...this.report.days].reverse() : [];
  },
  get zoneNote() {
    return this.report ? `Jam dalam zona waktu kantor (${this.report.timezone}).` : '';
  },
  dayLabel: (day: AvailabilityDay) => shortDate(day.date),
  share: (day: AvailabilityDay) =>
    day.connected_share === null ? '—' : `${percent.format(day.connected_share * 100)}%`,
  observed: (day: AvailabilityDay) => count.format(day.observed_minutes),
  maintenance: (day: AvailabilityDay) => (day.maintenance_minutes ? count.format(day.maintenance_minutes) : '—'),
  hasOutages: (day: AvailabilityDay) => day.outages.length > 0,
  outageKey: (outage: Outage) => outage.start,
  /** "07:12–07:35 (23 menit)", or "sejak 07:12, masih berlangsung (23 menit)". */
  outageLabel(outage: Outage) {
    const start = hourMinuteAt(outage.start, this.timeZone);
    const length = lengthInWords(outage.minutes);
    return outage.end === null
      ? `sejak ${start}, masih berlangsung (${length})`
      : `${start}–${hourMinuteAt(outage.end, this.timeZone)} (${length})`;
  },

  get inMaintenance() {
    return this.device ? inMaintenance(this.device) : false;
  },
  get maintenanceLabel() {
    const device = this.device;
    if (!device || !inMaintenance(device)) return '';
    const end = new Date(device.maintenance_until!);
    const day = shortDate(localInputValue(end, this.timeZone).slice(0, 10));
    return `Dalam pemeliharaan sampai ${day} ${hourMinuteAt(device.maintenance_until!, this.timeZone)}`;
  },

  /** Sets or ends the window; the device's new version reloads the days. */
  async act(method: 'PUT' | 'DELETE', body: unknown, done: string) {
    this.notice = '';
    await sendForm(this, async () => {
      const url = `/api/admin/devices/${deviceUi.selectedId}/maintenance`;
      rememberDevice((await api<{ data: Device }>(method, url, { body })).data);
      this.notice = done;
    });
  },
  startMaintenance() {
    const until = fromLocalInput(this.until, this.timeZone);
    if (!until) {
      this.formErrors = { until: 'Isi tanggal dan jam.' };
      return;
    }
    return this.act('PUT', { until }, 'Pemeliharaan disimpan.');
  },
  endMaintenance() {
    return this.act('DELETE', undefined, 'Pemeliharaan diakhiri.');
  },
}));
