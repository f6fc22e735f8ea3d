import { MIN_THRESHOLDS } from '../../../server/devices/thresholds';
import { api, query } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { dateTime } from '../lib/format';
import { DEVICE_STATUS, HEARTBEAT_SOURCE, reasonLabel } from '../lib/labels';
import { errorMessage, fieldErrors, formMessage } from '../lib/messages';
import { forgetDevice, live, rememberDevice } from '../live/store';
import type { Device, DeviceStatusEvent, PageMeta } from '../types';
import { deviceUi } from './device-ui';
import { deviceView } from './device-view';

const EVENTS_PER_PAGE = 8;

const formOf = (device: Device) => ({
  name: device.name,
  location: device.location ?? '',
  heartbeat_interval_seconds: device.heartbeat_interval_seconds,
  offline_after_seconds: device.offline_after_seconds,
  disconnect_after_seconds: device.disconnect_after_seconds,
  remote_control_enabled: device.remote_control_enabled,
});

/** One device: its live state, its transition history, and what an admin can do to it. */
export const deviceDetail = component(() => ({
  events: [] as DeviceStatusEvent[],
  eventsMeta: { page: 1, per_page: EVENTS_PER_PAGE, total: 0, last_page: 1 } as PageMeta,
  eventsError: '',
  form: null as ReturnType<typeof formOf> | null,
  minThresholds: MIN_THRESHOLDS,
  formErrors: {} as Record<string, string>,
  reconnectDelay: 0,
  busy: false,
  message: '',
  error: '',

  init() {
    this.$watch('selectedId', () => this.opened());
    this.$watch('statusKey', () => {
      if (this.device) void this.loadEvents(this.eventsMeta.page);
    });
    this.$refs.dialog.addEventListener('close', () => (deviceUi.selectedId = null));
  },
  get selectedId() {
    return deviceUi.selectedId;
  },
  get device(): Device | null {
    return live.devices.rows.find((device) => device.id === deviceUi.selectedId) ?? null;
  },
  get title() {
    return this.device?.name ?? '';
  },
  opened() {
    const device = this.device;
    if (!device) return closeDialog(this.$refs.dialog);
    this.form = formOf(device);
    this.formErrors = {};
    this.message = '';
    this.error = '';
    this.reconnectDelay = 0;
    showDialog(this.$refs.dialog);
    void this.loadEvents(1);
  },
  close() {
    closeDialog(this.$refs.dialog);
  },
  async loadEvents(page: number) {
    this.eventsError = '';
    try {
      const result = await api<{ data: DeviceStatusEvent[]; meta: PageMeta }>(
        'GET',
        `/api/admin/devices/${deviceUi.selectedId}/events${query({ page, per_page: EVENTS_PER_PAGE })}`,
      );
      this.events = result.data;
      this.eventsMeta = result.meta;
    } catch (error) {
      this.eventsError = errorMessage(error);
    }
  },
  olderEvents() {
    void this.loadEvents(this.eventsMeta.page + 1);
  },
  newerEvents() {
    void this.loadEvents(this.eventsMeta.page - 1);
  },
  get hasOlderEvents() {
    return this.eventsMeta.page < this.eventsMeta.last_page;
  },
  get hasNewerEvents() {
    return this.eventsMeta.page > 1;
  },
  // Transitions happen while the dialog is open: the history follows.
  get statusKey() {
    return this.device ? `${this.device.status}:${this.device.version}` : '';
  },
  transition: (event: DeviceStatusEvent) =>
    `${event.from_status ? DEVICE_STATUS[event.from_status] : 'Baru'} → ${DEVICE_STATUS[event.to_status] ?? event.to_status}`,
  reason: (event: DeviceStatusEvent) => reasonLabel(event.reason),
  source: (event: DeviceStatusEvent) => (event.source ? (HEARTBEAT_SOURCE[event.source] ?? event.source) : '—'),
  when: (event: DeviceStatusEvent) => dateTime(event.occurred_at),
  heartbeatSource: (device: Device) =>
    device.last_heartbeat_source
      ? (HEARTBEAT_SOURCE[device.last_heartbeat_source] ?? device.last_heartbeat_source)
      : '—',
  lastHeartbeatAt: (device: Device) => dateTime(device.last_heartbeat_at),
  fmt: deviceView,

  /** Runs one admin action on the device, with its outcome as the dialog's message. */
  async act(action: () => Promise<string>) {
    if (this.busy) return;
    this.busy = true;
    this.message = '';
    this.error = '';
    this.formErrors = {};
    try {
      this.message = await action();
    } catch (error) {
      this.formErrors = fieldErrors(error);
      this.error = formMessage(error, this.formErrors);
    } finally {
      this.busy = false;
    }
  },
  save() {
    return this.act(async () => {
      const body = { ...this.form, location: this.form?.location.trim() || null };
      rememberDevice(
        (await api<{ data: Device }>('PATCH', `/api/admin/devices/${deviceUi.selectedId}`, { body })).data,
      );
      return 'Pengaturan disimpan.';
    });
  },
  reconnect() {
    return this.act(async () => {
      const delay = Number(this.reconnectDelay) || 0;
      rememberDevice(
        (
          await api<{ data: Device }>('POST', `/api/admin/devices/${deviceUi.selectedId}/reconnect`, {
            body: { delay_seconds: delay },
          })
        ).data,
      );
      return `Permintaan sambung ulang terkirim; perangkat menerimanya pada heartbeat berikutnya${delay ? ` dan menyambung ulang setelah ${delay} detik` : ''}.`;
    });
  },
  rotateToken() {
    if (!window.confirm('Buat token baru? Token lama langsung tidak berlaku, dan kiosk harus dipasangkan ulang.'))
      return;
    return this.act(async () => {
      const { data } = await api<{ data: { device: Device; token: string } }>(
        'POST',
        `/api/admin/devices/${deviceUi.selectedId}/rotate-token`,
      );
      rememberDevice(data.device);
      deviceUi.token = { deviceName: data.device.name, token: data.token };
      return 'Token baru dibuat.';
    });
  },
  remove() {
    const device = this.device;
    if (!device || !window.confirm(`Hapus perangkat "${device.name}"? Kiosk ini tidak bisa lagi dipakai untuk absen.`))
      return;
    return this.act(async () => {
      await api('DELETE', `/api/admin/devices/${device.id}`);
      forgetDevice(device.id);
      closeDialog(this.$refs.dialog);
      return '';
    });
  },
}));
