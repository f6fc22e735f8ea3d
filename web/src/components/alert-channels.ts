import { ApiError, api } from '../lib/api';
import { copyText } from '../lib/clipboard';
import { component } from '../lib/component';
import { sendForm } from '../lib/forms';
import { CHANNEL_KIND, DELIVERY_OUTCOME } from '../lib/labels';
import { errorMessage, fieldErrors, translate } from '../lib/messages';
import { adminTab } from '../lib/router';
import type { AlertChannel, AlertDelivery, ChannelKind, CreatedAlertChannel } from '../types';
import { alertsUi } from './alerts-ui';

const emptyForm = () => ({
  kind: 'webhook' as ChannelKind,
  name: '',
  url: '',
  secret: '',
  bot_token: '',
  chat_id: '',
  addresses: '',
  device_alerts: true,
  digest: false,
});
type ChannelForm = ReturnType<typeof emptyForm>;

/** "hr@kantor.id, ti@kantor.id" (commas, semicolons or spaces between them) → the list the API takes. */
const addressList = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** What to send for the kind chosen: only its own fields; an empty secret lets the server make one. */
function bodyOf(form: ChannelForm): Record<string, unknown> {
  const common = { kind: form.kind, name: form.name.trim(), device_alerts: form.device_alerts, digest: form.digest };
  if (form.kind === 'webhook') return { ...common, url: form.url.trim(), secret: form.secret || undefined };
  if (form.kind === 'telegram') return { ...common, bot_token: form.bot_token.trim(), chat_id: form.chat_id.trim() };
  return { ...common, addresses: addressList(form.addresses) };
}

/** The API's field errors, with a wrong address named ("addresses.1" → which one). */
function channelFieldErrors(error: unknown, form: ChannelForm): Record<string, string> {
  const fields = fieldErrors(error);
  const wrong = error instanceof ApiError ? error.details.find((d) => /^addresses\.\d+$/.test(d.path)) : undefined;
  if (wrong) {
    const position = Number(wrong.path.split('.')[1]);
    fields.addresses = `${addressList(form.addresses)[position] ?? `Alamat ke-${position + 1}`}: ${translate(wrong.message)}`;
  }
  return fields;
}

/** "https://…", "-100…" or "hr@…, ti@…": where a channel's messages go. */
function targetLabel(channel: AlertChannel): string {
  const target = channel.target;
  if ('url' in target) return target.url;
  if ('chat_id' in target) return target.chat_id;
  return target.addresses.join(', ');
}

/** The answer of the last "Kirim uji" of a channel, as the row shows it. */
interface TestResult {
  sending: boolean;
  ok: boolean;
  text: string;
}

const testResultOf = (delivery: AlertDelivery): TestResult => ({
  sending: false,
  ok: delivery.outcome === 'sent',
  text:
    delivery.outcome === 'sent'
      ? DELIVERY_OUTCOME.sent
      : `${DELIVERY_OUTCOME.failed}: ${delivery.detail ?? 'tanpa keterangan'}`,
});

/** Peringatan, first half: where device alerts and the morning digest go, tried with a test message. */
export const alertChannels = component(() => ({
  loading: false,
  loaded: false,
  error: '',
  notice: '',
  form: emptyForm(),
  formErrors: {} as Record<string, string>,
  formError: '',
  saving: false,
  busyId: null as number | null,
  tests: {} as Record<number, TestResult>,
  /** A webhook secret the server generated: shown here once. */
  createdSecret: null as { name: string; secret: string } | null,
  copied: false,
  copyFailed: false,

  init() {
    this.$watch('isOpen', () => this.loadOnce());
    this.loadOnce();
  },
  get isOpen() {
    return adminTab() === 'peringatan';
  },
  loadOnce() {
    if (this.isOpen && !this.loaded && !this.loading) void this.load();
  },
  async load() {
    this.loading = true;
    try {
      alertsUi.channels = (await api<{ data: AlertChannel[] }>('GET', '/api/admin/alert-channels')).data;
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  },
  get rows() {
    return alertsUi.channels;
  },
  get isEmpty() {
    return this.loaded && alertsUi.channels.length === 0;
  },
  get isWebhook() {
    return this.form.kind === 'webhook';
  },
  get isTelegram() {
    return this.form.kind === 'telegram';
  },
  get isEmail() {
    return this.form.kind === 'email';
  },
  kindLabel: (channel: AlertChannel) => CHANNEL_KIND[channel.kind] ?? channel.kind,
  target: targetLabel,
  flag: (on: boolean) => (on ? 'Ya' : 'Tidak'),
  flagClass: (on: boolean) => (on ? 'flag flag--on' : 'flag'),
  activeLabel: (channel: AlertChannel) => (channel.enabled ? 'Aktif' : 'Nonaktif'),
  activeClass: (channel: AlertChannel) => (channel.enabled ? 'badge badge--active' : 'badge badge--inactive'),
  toggleLabel: (channel: AlertChannel) => (channel.enabled ? 'Nonaktifkan' : 'Aktifkan'),
  testLabel: (channel: AlertChannel) => `Kirim uji ke ${channel.name}`,
  deleteLabel: (channel: AlertChannel) => `Hapus ${channel.name}`,
  isBusy(channel: AlertChannel) {
    return this.busyId === channel.id;
  },
  hasTest(channel: AlertChannel) {
    return Boolean(this.tests[channel.id]);
  },
  testText(channel: AlertChannel) {
    const result = this.tests[channel.id];
    if (!result) return '';
    return result.sending ? 'Mengirim…' : result.text;
  },
  testClass(channel: AlertChannel) {
    const result = this.tests[channel.id];
    if (!result || result.sending) return 'test-result muted';
    return result.ok ? 'test-result test-result--ok' : 'test-result test-result--failed';
  },

  kindChanged() {
    this.formErrors = {};
    this.formError = '';
  },
  async create() {
    this.notice = '';
    const form = this.form;
    await sendForm(
      this,
      async () => {
        const { data } = await api<{ data: CreatedAlertChannel }>('POST', '/api/admin/alert-channels', {
          body: bodyOf(form),
        });
        this.form = emptyForm();
        this.notice = `Saluran ${data.name} ditambahkan. Coba dengan "Kirim uji".`;
        if (data.secret) this.showSecret(data.name, data.secret);
        await this.load();
      },
      (error) => channelFieldErrors(error, form),
    );
  },
  showSecret(name: string, secret: string) {
    this.createdSecret = { name, secret };
    this.copied = false;
    this.copyFailed = false;
  },
  get secretName() {
    return this.createdSecret ? this.createdSecret.name : '';
  },
  get secretValue() {
    return this.createdSecret ? this.createdSecret.secret : '';
  },
  async copySecret() {
    this.copied = await copyText(this.secretValue, this.$refs.secretInput as HTMLInputElement);
    this.copyFailed = !this.copied;
  },
  forgetSecret() {
    this.createdSecret = null;
  },

  /** One change to a channel from its row, with the row's buttons off while it goes. */
  async act(channel: AlertChannel, action: () => Promise<void>) {
    if (this.busyId !== null) return;
    this.busyId = channel.id;
    this.error = '';
    this.notice = '';
    try {
      await action();
    } catch (error) {
      this.error = errorMessage(error);
      // Gone already (another admin): the reload shows it.
      if (error instanceof ApiError && error.status === 404) await this.load();
    } finally {
      this.busyId = null;
    }
  },
  sendTest(channel: AlertChannel) {
    return this.act(channel, async () => {
      this.tests[channel.id] = { sending: true, ok: false, text: '' };
      try {
        const { data } = await api<{ data: AlertDelivery }>('POST', `/api/admin/alert-channels/${channel.id}/test`);
        this.tests[channel.id] = testResultOf(data);
        alertsUi.deliveriesChanged += 1;
      } catch (error) {
        delete this.tests[channel.id];
        throw error;
      }
    });
  },
  toggle(channel: AlertChannel) {
    return this.act(channel, async () => {
      const { data } = await api<{ data: AlertChannel }>('PATCH', `/api/admin/alert-channels/${channel.id}`, {
        body: { enabled: !channel.enabled },
      });
      alertsUi.channels = alertsUi.channels.map((row) => (row.id === data.id ? data : row));
      this.notice = data.enabled
        ? `${data.name} aktif lagi.`
        : `${data.name} dinonaktifkan: tidak ada peringatan yang dikirim ke sana sampai diaktifkan lagi.`;
    });
  },
  remove(channel: AlertChannel) {
    if (!window.confirm(`Hapus saluran "${channel.name}"? Riwayat pengirimannya ikut terhapus.`)) return;
    return this.act(channel, async () => {
      await api('DELETE', `/api/admin/alert-channels/${channel.id}`);
      delete this.tests[channel.id];
      this.notice = `${channel.name} dihapus.`;
      alertsUi.deliveriesChanged += 1;
      await this.load();
    });
  },
}));
