import Alpine from '@alpinejs/csp';

// Hash routes: one index.html serves every page, through nginx or a node.
const pathOf = () => location.hash.replace(/^#/, '').split('?')[0] || '/';

export const route = Alpine.reactive({ path: pathOf() });
window.addEventListener('hashchange', () => (route.path = pathOf()));

export function navigate(path: string): void {
  if (route.path !== path) location.hash = `#${path}`;
}

export const ADMIN_TABS = [
  'hari-ini',
  'riwayat',
  'koreksi',
  'kalender',
  'rekap',
  'perangkat',
  'peringatan',
  'pegawai',
] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export function adminTab(): AdminTab {
  const tab = route.path.split('/')[2] as AdminTab;
  return ADMIN_TABS.includes(tab) ? tab : 'hari-ini';
}
