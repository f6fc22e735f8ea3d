import type { PageMeta } from '../types';

// The pager under the Riwayat and Pegawai tables.

/** Before the first answer: one empty page. */
export const emptyPage = (perPage: number): PageMeta => ({ page: 1, per_page: perPage, total: 0, last_page: 1 });

export const hasPreviousPage = (meta: PageMeta) => meta.page > 1;

export const hasNextPage = (meta: PageMeta) => meta.page < meta.last_page;

/** "Halaman 2 dari 5 · 93 data"; `counted` names what the total counts. */
export const pageLabel = (meta: PageMeta, counted: string) =>
  `Halaman ${meta.page} dari ${meta.last_page} · ${meta.total} ${counted}`;
