import type { PageMeta } from '../types';
import type { Magics } from './component';

// The pager under the Riwayat and Pegawai tables.

/** Before the first answer: one empty page. */
export const emptyPage = (perPage: number): PageMeta => ({ page: 1, per_page: perPage, total: 0, last_page: 1 });

export const hasPreviousPage = (meta: PageMeta) => meta.page > 1;

export const hasNextPage = (meta: PageMeta) => meta.page < meta.last_page;

/** "Halaman 2 dari 5 · 93 data"; `counted` names what the total counts. */
export const pageLabel = (meta: PageMeta, counted: string) =>
  `Halaman ${meta.page} dari ${meta.last_page} · ${meta.total} ${counted}`;

interface Paged {
  page: number;
  meta: PageMeta;
  load(): Promise<void>;
}

interface PagerControls {
  goTo(page: number): void;
  previous(): void;
  next(): void;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  readonly pageLabel: string;
}

/**
 * Adds the pager's controls to a table's component. The controls are copied
 * as property descriptors: a spread would read the getters once, and Alpine
 * must find them as getters to keep the pager live.
 */
export function withPager<T extends Paged>(
  table: T & ThisType<T & PagerControls & Magics>,
  counted: string,
): T & PagerControls {
  const controls: PagerControls & ThisType<T & PagerControls> = {
    goTo(page) {
      this.page = Math.min(Math.max(1, page), this.meta.last_page);
      void this.load();
    },
    previous() {
      this.goTo(this.page - 1);
    },
    next() {
      this.goTo(this.page + 1);
    },
    get hasPrevious() {
      return hasPreviousPage(this.meta);
    },
    get hasNext() {
      return hasNextPage(this.meta);
    },
    get pageLabel() {
      return pageLabel(this.meta, counted);
    },
  };
  return Object.defineProperties(table, Object.getOwnPropertyDescriptors(controls)) as T & PagerControls;
}
