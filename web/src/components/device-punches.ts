import { query } from '../lib/api';
import { component } from '../lib/component';
import { dateTime } from '../lib/format';
import { PUNCH_KIND, punchRefusal } from '../lib/labels';
import { emptyPage, loadPage, withPager } from '../lib/paging';
import type { PageMeta, Punch } from '../types';
import { deviceUi } from './device-ui';

const PER_PAGE = 8;

/**
 * In the device detail: the entries this kiosk stored while offline that the
 * server refused when they arrived (a wrong PIN, too old, already checked in),
 * so the admin can follow up with the employee.
 */
export const devicePunches = component(() =>
  withPager(
    {
      page: 1,
      rows: [] as Punch[],
      meta: emptyPage(PER_PAGE) as PageMeta | null,
      loading: false,
      error: '',

      init() {
        this.$watch('deviceId', () => this.opened());
      },
      get deviceId() {
        return deviceUi.selectedId;
      },
      opened() {
        this.rows = [];
        this.page = 1;
        this.meta = emptyPage(PER_PAGE);
        if (this.deviceId !== null) void this.load();
      },
      async load() {
        this.error = '';
        await loadPage(
          this,
          `/api/admin/devices/${deviceUi.selectedId}/punches${query({ result: 'rejected', page: this.page, per_page: PER_PAGE })}`,
        );
      },
      get isEmpty() {
        return !this.loading && !this.error && this.rows.length === 0;
      },
      typedAt: (punch: Punch) => dateTime(punch.at),
      receivedAt: (punch: Punch) => dateTime(punch.received_at),
      /** "EMP004 · Budi Santoso", or the code alone when it names nobody. */
      who: (punch: Punch) => (punch.employee ? `${punch.employee_code} · ${punch.employee.name}` : punch.employee_code),
      kind: (punch: Punch) => PUNCH_KIND[punch.kind],
      reason: (punch: Punch) => punchRefusal(punch.code),
    },
    'absen',
  ),
);
