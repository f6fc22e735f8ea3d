import { DEFAULT_THRESHOLDS, MIN_THRESHOLDS } from '../../../server/devices/thresholds';
import { api } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { sendForm } from '../lib/forms';
import { errorMessage } from '../lib/messages';
import { adminTab } from '../lib/router';
import { live, loadDevices, rememberDevice } from '../live/store';
import type { Device } from '../types';
import { deviceUi } from './device-ui';
import { deviceView } from './device-view';

// Transitions arrive live; a heartbeat of a device that stays connected
// does not, so while the tab is open its "last heard" is refreshed this often.
const REFRESH_MS = 15_000;

const emptyForm = () => ({ name: '', location: '', ...DEFAULT_THRESHOLDS });

/** Perangkat: every kiosk with its live three-tier status. */
export const devices = component(() => ({
  timer: 0,
  error: '',
  form: emptyForm(),
  minThresholds: MIN_THRESHOLDS,
  formErrors: {} as Record<string, string>,
  formError: '',
  saving: false,

  init() {
    this.timer = window.setInterval(() => {
      if (this.isOpen && document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
    this.$watch('isOpen', () => {
      if (this.isOpen) void this.refresh();
    });
  },
  destroy() {
    clearInterval(this.timer);
  },
  get isOpen() {
    return adminTab() === 'perangkat';
  },
  async refresh() {
    try {
      await loadDevices();
      this.error = '';
    } catch (error) {
      this.error = errorMessage(error);
    }
  },
  get loaded() {
    return live.devices.loaded;
  },
  get rows(): Device[] {
    return live.devices.rows;
  },
  get isEmpty() {
    return live.devices.loaded && live.devices.rows.length === 0;
  },
  count(status: Device['status']) {
    return live.devices.rows.filter((device) => device.status === status).length;
  },
  rowClass(device: Device) {
    return live.flash[`device-${device.id}`] ? 'row--flash' : '';
  },
  fmt: deviceView,

  openDetail(device: Device) {
    deviceUi.selectedId = device.id;
  },
  openCreate() {
    this.form = emptyForm();
    this.formErrors = {};
    this.formError = '';
    showDialog(this.$refs.createDialog);
  },
  closeCreate() {
    closeDialog(this.$refs.createDialog);
  },
  async create() {
    await sendForm(this, async () => {
      const body = { ...this.form, location: this.form.location.trim() || undefined };
      const { data } = await api<{ data: { device: Device; token: string } }>('POST', '/api/admin/devices', { body });
      rememberDevice(data.device);
      closeDialog(this.$refs.createDialog);
      deviceUi.token = { deviceName: data.device.name, token: data.token };
    });
  },
}));
