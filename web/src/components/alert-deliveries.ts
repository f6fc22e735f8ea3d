import { query } from '../lib/api';
import { component } from '../lib/component';
import { dateTime } from '../lib/format';
import { ALERT_KIND, alertBadge, CHANNEL_KIND, DELIVERY_OUTCOME, deliveryBadge } from '../lib/labels';
import { emptyPage, loadPage, withFilter, withPager } from '../lib/paging';
import { adminTab } from '../lib/router';
import type { AlertDelivery } from '../types';
import { alertsUi } from './alerts-ui';

const PER_PAGE = 20;

const emptyFilter = () => ({ channel_id: '', outcome: '' });

/**
 * Peringatan, second half: every attempt to send an alert, newest first. The
 * queue's retries and the morning digest happen in the workers, so the list
 * is read when the tab opens and when asked, and after this page sent a test.
 */
export const alertDeliveries = component(() =>
  withPager(
    withFilter(
      {
        page: 1,
        rows: [] as AlertDelivery[],
        meta: emptyPage(PER_PAGE),
        filter: emptyFilter(),
        applied: emptyFilter(),
        loading: false,
        loaded: false,
        error: '',
        notice: '',

        init() {
          this.$watch('isOpen', () => {
            if (this.isOpen) void this.load();
          });
          this.$watch('changed', () => void this.load());
          if (this.isOpen) void this.load();
        },
        get isOpen() {
          return adminTab() === 'peringatan';
        },
        get changed() {
          return alertsUi.deliveriesChanged;
        },
        get channels() {
          return alertsUi.channels;
        },
        async load() {
          this.error = '';
          const url = `/api/admin/alert-deliveries${query({ ...this.applied, page: this.page, per_page: PER_PAGE })}`;
          if (await loadPage(this, url)) this.loaded = true;
        },
        get isEmpty() {
          return this.loaded && this.rows.length === 0;
        },
        when: (delivery: AlertDelivery) => dateTime(delivery.at),
        channelKind: (delivery: AlertDelivery) => CHANNEL_KIND[delivery.channel.kind] ?? delivery.channel.kind,
        kindLabel: (delivery: AlertDelivery) => ALERT_KIND[delivery.kind] ?? delivery.kind,
        kindClass: (delivery: AlertDelivery) => alertBadge(delivery.kind),
        deviceName: (delivery: AlertDelivery) => (delivery.device ? delivery.device.name : '—'),
        outcomeLabel: (delivery: AlertDelivery) => DELIVERY_OUTCOME[delivery.outcome] ?? delivery.outcome,
        outcomeClass: (delivery: AlertDelivery) => deliveryBadge(delivery.outcome),
        detail: (delivery: AlertDelivery) => delivery.detail || '—',
      },
      emptyFilter,
    ),
    'pengiriman',
  ),
);
