import Alpine from '@alpinejs/csp';

/** One shared one-second tick for every clock and "N s ago" on the page. */
export const ticker = Alpine.reactive({ now: Date.now() });
setInterval(() => (ticker.now = Date.now()), 1000);
