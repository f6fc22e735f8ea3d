import { HeartbeatLoop, sendHeartbeat } from '../kiosk/heartbeat';
import { forgetPairing, loadPairing, type Pairing, savePairing } from '../kiosk/pairing';
import { newClientId, punchQueue, type RefusedPunch } from '../kiosk/punch-queue';
import { PunchSync } from '../kiosk/punch-sync';
import { ApiError, api } from '../lib/api';
import { component } from '../lib/component';
import { clockTime, greeting, hourMinute, longDate } from '../lib/format';
import { PUNCH_KIND, punchRefusal } from '../lib/labels';
import { errorMessage } from '../lib/messages';
import { ticker } from '../lib/ticker';
import type { Attendance, HeartbeatAnswer } from '../types';

const CONFIRM_MS = 6000;
const IDLE_CLEAR_MS = 30_000;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'hapus', '0', 'lanjut'];

const TOKEN_REJECTED =
  'Token perangkat ini tidak berlaku lagi (diganti atau dihapus admin). Pasangkan ulang dengan token baru.';
/** A live check-in that gets no answer this soon is stored for later: the employee should not stand and wait. */
const LIVE_TIMEOUT_MS = 8000;
// The characters a stored code has (server/users/employee-code.ts): an entry the server would refuse as malformed is not queued.
const STORABLE_CODE = /^[A-Za-z0-9_-]{1,32}$/;

type Field = 'code' | 'pin';
type Kind = 'in' | 'out';

/** No answer, or nginx's or a node's "unavailable": the entry waits in the queue. Any other answer is the server's word. */
const unreachable = (error: unknown) =>
  error instanceof ApiError &&
  (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);

/** The kiosk's own wall-clock time, as it stamps an entry: "07:56". */
const kioskTime = (iso: string) => clockTime(new Date(iso)).slice(0, 5);

/** Kiosk mode: paired once with a device token, then a keypad for code + PIN. */
export const kiosk = component(() => ({
  pairing: loadPairing() as Pairing | null,
  pairForm: { token: '', codePrefix: '' },
  pairError: '',
  pairBusy: false,
  code: '',
  pin: '',
  field: 'code' as Field,
  busy: false,
  error: '',
  confirmation: null as { title: string; detail: string; kind: Kind | 'queued' } | null,
  online: null as boolean | null,
  reconnecting: '',
  skewMs: 0,
  keys: KEYS,
  loop: null as HeartbeatLoop | null,
  sync: null as PunchSync | null,
  waiting: 0,
  refused: [] as RefusedPunch[],
  syncProblem: '',
  confirmTimer: 0,
  idleTimer: 0,

  init() {
    if (this.pairing) this.startHeartbeats(0);
    void this.queueChanged();
  },
  destroy() {
    this.loop?.stop();
    this.sync?.stop();
    clearTimeout(this.confirmTimer);
    clearTimeout(this.idleTimer);
  },

  // Pairing ----------------------------------------------------------------
  get isPaired() {
    return this.pairing !== null;
  },
  async pair() {
    const token = this.pairForm.token.trim();
    if (!token || this.pairBusy) return;
    this.pairBusy = true;
    this.pairError = '';
    let firstDelayS: number;
    try {
      const answer = await sendHeartbeat(token);
      this.heard(answer);
      firstDelayS = answer.next_heartbeat_seconds;
    } catch (error) {
      // 429: the token is good, the device just beat a moment ago.
      if (!(error instanceof ApiError && error.status === 429)) {
        this.pairError = errorMessage(error);
        this.pairBusy = false;
        return;
      }
      firstDelayS = error.retryAfter ?? 10;
    }
    this.pairing = { token, codePrefix: this.pairForm.codePrefix.trim().toUpperCase() };
    savePairing(this.pairing);
    this.pairForm = { token: '', codePrefix: '' };
    this.pairBusy = false;
    this.startHeartbeats(firstDelayS);
  },
  unpair() {
    if (!window.confirm('Lepas pasangan kiosk ini? Token perangkat harus dimasukkan lagi.')) return;
    this.unpaired('');
  },
  unpaired(reason: string) {
    this.loop?.stop();
    this.loop = null;
    // The queue stays: paired again, the kiosk sends it with its new token.
    this.sync?.stop();
    this.sync = null;
    forgetPairing();
    this.pairing = null;
    this.pairError = reason;
    this.online = null;
  },
  startHeartbeats(firstDelayS: number) {
    this.loop?.stop();
    this.loop = new HeartbeatLoop(this.pairing!.token, {
      answer: (answer) => this.heard(answer),
      offline: () => (this.online = false),
      rejected: () => this.unpaired(TOKEN_REJECTED),
    });
    this.loop.start(firstDelayS);
    this.sync?.stop();
    this.sync = new PunchSync(this.pairing!.token, {
      changed: () => {
        this.online = true;
        this.syncProblem = '';
        void this.queueChanged();
      },
      offline: () => (this.online = false),
      problem: (error) => (this.syncProblem = errorMessage(error)),
    });
    this.sync.start();
  },
  heard(answer: HeartbeatAnswer) {
    this.online = true;
    this.sync?.kick();
    this.skewMs = Date.parse(answer.server_time) - Date.now();
    if (answer.should_reconnect) this.reconnect(answer.reconnect_delay_seconds ?? 0);
  },
  /** The admin asked this kiosk to reconnect: for a web page that is a fresh load. */
  reconnect(delayS: number) {
    this.loop?.stop();
    this.reconnecting = `Menyambung ulang atas permintaan admin${delayS ? ` dalam ${delayS} detik` : ''}…`;
    setTimeout(() => location.reload(), delayS * 1000);
  },
  get connectionLabel() {
    if (this.online === null) return 'Menghubungkan…';
    return this.online ? 'Terhubung' : 'Offline — periksa jaringan';
  },
  get connectionClass() {
    return this.online === false ? 'kiosk-status kiosk-status--offline' : 'kiosk-status';
  },

  // Clock ------------------------------------------------------------------
  get clock() {
    return clockTime(new Date(ticker.now + this.skewMs)).slice(0, 5);
  },
  get dateLabel() {
    return longDate(new Date(ticker.now + this.skewMs));
  },

  // Keypad -----------------------------------------------------------------
  get prefix() {
    return this.pairing?.codePrefix ?? '';
  },
  get hasPrefix() {
    return this.prefix !== '';
  },
  /** The prefix goes before the digits, unless a keyboard already typed the whole code. */
  get employeeCode() {
    const typed = this.code.trim().toUpperCase();
    return typed.startsWith(this.prefix) ? typed : `${this.prefix}${typed}`;
  },
  get canSubmit() {
    return !this.busy && this.code.trim() !== '' && /^\d{4,6}$/.test(this.pin);
  },
  fieldClass(field: Field) {
    return this.field === field ? 'kiosk-field kiosk-field--active' : 'kiosk-field';
  },
  keyLabel: (key: string) => ({ hapus: '⌫', lanjut: 'Lanjut' })[key] ?? key,
  keyAria: (key: string) => ({ hapus: 'Hapus satu angka', lanjut: 'Lanjut ke PIN' })[key] ?? key,
  keyClass: (key: string) => (key.length > 1 ? `key key--${key}` : 'key'),
  focusField(field: Field) {
    this.field = field;
    this.touched();
  },
  press(key: string) {
    this.error = '';
    this.touched();
    if (key === 'lanjut') return this.focusField('pin');
    const value = this[this.field];
    if (key === 'hapus') this[this.field] = value.slice(0, -1);
    else if (this.field === 'pin' ? value.length < 6 : value.length < 32) this[this.field] = value + key;
  },
  /** Whatever is typed is forgotten when the kiosk is left alone. */
  touched() {
    clearTimeout(this.idleTimer);
    this.idleTimer = window.setTimeout(() => this.clear(), IDLE_CLEAR_MS);
  },
  clear() {
    this.code = '';
    this.pin = '';
    this.field = 'code';
    this.error = '';
  },
  checkIn() {
    return this.submit('in');
  },
  checkOut() {
    return this.submit('out');
  },
  async submit(kind: 'in' | 'out') {
    if (!this.canSubmit) return;
    this.busy = true;
    this.error = '';
    // The same id goes with the entry if it has to be queued: had the answer only been lost, the sync finds it landed.
    const client_id = newClientId();
    try {
      const body = { employee_code: this.employeeCode, pin: this.pin, client_id };
      const { data } = await api<{ data: Attendance }>('POST', `/api/kiosk/check-${kind}`, {
        bearer: this.pairing!.token,
        body,
        timeoutMs: LIVE_TIMEOUT_MS,
      });
      this.confirm(data, kind);
      // The API answers: whatever waits in the queue can go now, before the next heartbeat says so.
      if (this.waiting > 0) this.sync?.kick();
    } catch (error) {
      if (unreachable(error) && STORABLE_CODE.test(this.employeeCode)) {
        await this.store(kind, client_id);
        return;
      }
      this.pin = '';
      this.field = 'pin';
      this.error = errorMessage(error);
      if (error instanceof ApiError && error.code === 'invalid_device_token') this.unpaired(TOKEN_REJECTED);
    } finally {
      this.busy = false;
    }
  },
  /** The API cannot be reached: the entry goes into the queue, stamped with the kiosk's time, and is sent when it can be. */
  async store(kind: Kind, client_id: string) {
    const punch = {
      client_id,
      employee_code: this.employeeCode,
      pin: this.pin,
      kind,
      at: new Date().toISOString(),
    };
    try {
      await punchQueue.add(punch);
    } catch {
      this.error = 'Tidak dapat menghubungi server, dan kiosk ini tidak bisa menyimpan absen. Coba lagi nanti.';
      return;
    }
    this.online = false;
    this.show({
      kind: 'queued',
      title: 'Tersimpan, akan dikirim saat terhubung',
      detail: `Absen ${PUNCH_KIND[kind].toLowerCase()} ${punch.employee_code} pukul ${kioskTime(punch.at)}`,
    });
    await this.queueChanged();
  },
  async queueChanged() {
    try {
      [this.waiting, this.refused] = await Promise.all([punchQueue.count(), punchQueue.refused()]);
    } catch {
      // No IndexedDB here (a private window may refuse it): nothing is queued either.
    }
  },
  get hasWaiting() {
    return this.waiting > 0;
  },
  get waitingLabel() {
    return `${this.waiting} absen menunggu dikirim`;
  },
  get hasRefused() {
    return this.refused.length > 0;
  },
  /** "PIN salah untuk EMP004 pukul 07:56 (absen masuk)". */
  refusedLabel: (punch: RefusedPunch) =>
    `${punchRefusal(punch.code)} untuk ${punch.employee_code} pukul ${kioskTime(punch.at)} (absen ${PUNCH_KIND[punch.kind].toLowerCase()})`,
  async dismissRefused() {
    await punchQueue.clearRefused();
    await this.queueChanged();
  },
  confirm(row: Attendance, kind: Kind) {
    const clock = kind === 'in' ? row.jam_masuk : (row.jam_pulang ?? row.jam_masuk);
    const firstName = row.user.name.split(' ')[0];
    this.show({
      kind,
      title: `${greeting(clock)}, ${firstName} — ${kind === 'in' ? 'masuk' : 'pulang'} ${hourMinute(clock)}`,
      detail:
        kind === 'in'
          ? row.status === 'late'
            ? 'Tercatat terlambat. Selamat bekerja!'
            : 'Tepat waktu. Selamat bekerja!'
          : 'Terima kasih, hati-hati di jalan!',
    });
  },
  show(confirmation: { title: string; detail: string; kind: Kind | 'queued' }) {
    this.confirmation = confirmation;
    this.clear();
    clearTimeout(this.confirmTimer);
    this.confirmTimer = window.setTimeout(() => (this.confirmation = null), CONFIRM_MS);
  },
  dismiss() {
    clearTimeout(this.confirmTimer);
    this.confirmation = null;
  },
  get confirmationClass() {
    return `kiosk-confirm kiosk-confirm--${this.confirmation?.kind ?? 'in'}`;
  },
  get confirmationIcon() {
    return this.confirmation?.kind === 'queued' ? '⇪' : '✓';
  },

  async fullscreen() {
    await document.documentElement.requestFullscreen?.().catch(() => undefined);
  },
}));
