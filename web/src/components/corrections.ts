import { ApiError, api, query } from '../lib/api';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { dateTime, hourMinute, shortDate } from '../lib/format';
import { CORRECTION_STATUS, correctionBadge } from '../lib/labels';
import { errorMessage, fieldErrors, formMessage } from '../lib/messages';
import { emptyPage, withPager } from '../lib/paging';
import { adminTab } from '../lib/router';
import { live } from '../live/store';
import type { Correction, CorrectionStatus, PageMeta } from '../types';

type CorrectionsPage = { data: Correction[]; meta: PageMeta };
type Decision = 'approve' | 'reject';

const PER_PAGE = 20;

/** How a correction request reads; shared by Koreksi and the employee's own list. */
export const correctionView = {
  dateLabel: (c: Correction) => shortDate(c.date),
  /** "Masuk 08:00 · Pulang 17:05", leaving out the time not asked for. */
  times: (c: Correction) =>
    [c.jam_masuk ? `Masuk ${hourMinute(c.jam_masuk)}` : '', c.jam_pulang ? `Pulang ${hourMinute(c.jam_pulang)}` : '']
      .filter(Boolean)
      .join(' · '),
  statusLabel: (c: Correction) => CORRECTION_STATUS[c.status] ?? c.status,
  statusClass: (c: Correction) => correctionBadge(c.status),
  requestedAt: (c: Correction) => dateTime(c.created_at),
  /** "Disetujui oleh Admin Test · alasan" or "—" while pending. */
  decision: (c: Correction) => {
    if (c.status === 'pending') return '—';
    const by = c.decided_by ? ` oleh ${c.decided_by.name}` : '';
    return `${CORRECTION_STATUS[c.status]}${by}${c.decision_reason ? `: ${c.decision_reason}` : ''}`;
  },
};

/** Koreksi: employees' correction requests, decided here; the list follows other admins' decisions live. */
export const corrections = component(() =>
  withPager(
    {
      status: 'pending' as CorrectionStatus | '',
      page: 1,
      rows: [] as Correction[],
      meta: emptyPage(PER_PAGE),
      loading: false,
      loaded: false,
      latest: 0,
      error: '',
      notice: '',
      selected: null as Correction | null,
      decisionKind: 'approve' as Decision,
      reason: '',
      formErrors: {} as Record<string, string>,
      formError: '',
      deciding: false,

      init() {
        // Loaded with the console, so the tab can say how many wait.
        void this.load();
        this.$watch('changes', () => void this.load());
        this.$watch('isOpen', () => {
          if (this.isOpen) void this.load();
        });
      },
      get isOpen() {
        return adminTab() === 'koreksi';
      },
      get changes() {
        return live.changes.correction;
      },
      async load() {
        const request = ++this.latest;
        this.loading = true;
        this.error = '';
        try {
          const params = query({ status: this.status, page: this.page, per_page: PER_PAGE });
          const [result, pending] = await Promise.all([
            api<CorrectionsPage>('GET', `/api/admin/corrections${params}`),
            this.status === 'pending'
              ? null
              : api<CorrectionsPage>('GET', `/api/admin/corrections${query({ status: 'pending', per_page: 1 })}`),
          ]);
          // Events can start several loads at once: the last one asked for wins.
          if (request !== this.latest) return;
          this.rows = result.data;
          this.meta = result.meta;
          this.loaded = true;
          live.pendingCorrections = (pending ?? result).meta.total;
        } catch (error) {
          if (request === this.latest) this.error = errorMessage(error);
        } finally {
          if (request === this.latest) this.loading = false;
        }
      },
      changeStatus() {
        this.page = 1;
        void this.load();
      },
      get isEmpty() {
        return this.loaded && this.rows.length === 0;
      },
      get emptyText() {
        return this.status === 'pending'
          ? 'Tidak ada pengajuan koreksi yang menunggu.'
          : 'Belum ada pengajuan koreksi.';
      },
      isPending: (c: Correction) => c.status === 'pending',
      approveLabel: (c: Correction) => `Setujui pengajuan ${c.user.name}`,
      rejectLabel: (c: Correction) => `Tolak pengajuan ${c.user.name}`,
      fmt: correctionView,

      openApprove(c: Correction) {
        this.openDecision(c, 'approve');
      },
      openReject(c: Correction) {
        this.openDecision(c, 'reject');
      },
      openDecision(c: Correction, kind: Decision) {
        this.selected = c;
        this.decisionKind = kind;
        this.reason = '';
        this.formErrors = {};
        this.formError = '';
        showDialog(this.$refs.dialog);
      },
      closeDecision() {
        closeDialog(this.$refs.dialog);
      },
      get isReject() {
        return this.decisionKind === 'reject';
      },
      get dialogTitle() {
        return this.isReject ? 'Tolak pengajuan koreksi' : 'Setujui pengajuan koreksi';
      },
      get dialogSummary() {
        const c = this.selected;
        return c ? `${c.user.name} (${c.user.employee_code}) · ${shortDate(c.date)} · ${correctionView.times(c)}` : '';
      },
      get dialogReason() {
        return this.selected?.reason ?? '';
      },
      get reasonLabel() {
        return this.isReject ? 'Alasan penolakan' : 'Catatan (opsional)';
      },
      get confirmLabel() {
        return this.isReject ? 'Tolak' : 'Setujui';
      },
      get confirmClass() {
        return this.isReject ? 'button button--danger-solid' : 'button button--primary';
      },
      get approveHint() {
        return this.isReject
          ? 'Pegawai melihat alasan ini di halamannya.'
          : 'Absensi pegawai pada tanggal itu dibuat atau diubah sesuai pengajuan, dan tercatat di riwayat perubahannya.';
      },
      async decide() {
        const c = this.selected;
        if (!c || this.deciding) return;
        const reason = this.reason.trim();
        this.formErrors = {};
        this.formError = '';
        if (this.isReject && !reason) {
          this.formErrors = { reason: 'Alasan penolakan wajib diisi.' };
          return;
        }
        this.deciding = true;
        try {
          await api('POST', `/api/admin/corrections/${c.id}/${this.decisionKind}`, {
            body: reason ? { reason } : {},
          });
          closeDialog(this.$refs.dialog);
          this.notice = `Pengajuan ${c.user.name} untuk ${shortDate(c.date)} ${this.isReject ? 'ditolak' : 'disetujui'}.`;
          await this.load();
        } catch (error) {
          if (error instanceof ApiError && error.code === 'correction_decided') {
            closeDialog(this.$refs.dialog);
            this.notice = '';
            await this.load();
            this.error = errorMessage(error);
            return;
          }
          this.formErrors = fieldErrors(error);
          this.formError = formMessage(error, this.formErrors);
        } finally {
          this.deciding = false;
        }
      },
    },
    'pengajuan',
  ),
);
