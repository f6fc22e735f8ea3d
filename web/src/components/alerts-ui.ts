import Alpine from '@alpinejs/csp';
import type { AlertChannel } from '../types';

/** What the two halves of Peringatan share: the channels (the deliveries' filter lists them) and when the deliveries changed. */
export const alertsUi = Alpine.reactive({
  channels: [] as AlertChannel[],
  /** Bumped when this page sent or removed something: the delivery list reloads. */
  deliveriesChanged: 0,
});
