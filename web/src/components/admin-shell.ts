import { component } from '../lib/component';
import { type AdminTab, adminTab } from '../lib/router';
import { logOut, session } from '../lib/session';
import { live, startLive, stopLive } from '../live/store';

const CONNECTION_LABELS = { connecting: 'Menghubungkan…', connected: 'Terhubung', disconnected: 'Terputus' };

/** The admin console frame: header, live indicator, tabs. The live feed runs while it is open. */
export const adminShell = component(() => ({
  init() {
    void startLive();
  },
  destroy() {
    stopLive();
  },
  get userName() {
    return session.user?.name ?? '';
  },
  get connectionLabel() {
    return CONNECTION_LABELS[live.connection];
  },
  get connectionClass() {
    return `live live--${live.connection}`;
  },
  get liveError() {
    return live.error;
  },
  get showHistoryBadge() {
    return live.historyChanges > 0 && adminTab() !== 'riwayat';
  },
  get pendingCorrections() {
    return live.pendingCorrections;
  },
  get pendingCorrectionsLabel() {
    return `${live.pendingCorrections} pengajuan menunggu`;
  },
  isTab(tab: AdminTab) {
    return adminTab() === tab;
  },
  tabClass(tab: AdminTab) {
    return adminTab() === tab ? 'tab tab--active' : 'tab';
  },
  ariaCurrent(tab: AdminTab) {
    return adminTab() === tab ? 'page' : 'false';
  },
  async logout() {
    await logOut();
  },
}));
