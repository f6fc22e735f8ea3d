import type { PageMeta } from '../types';
import { api } from './api';
import type { Magics } from './component';
import { errorMessage } from './messages';

// The pagers under the tables: the admin lists and the employee's own.

/** Before the first answer: one empty page. */
export const emptyPage = (perPage: number): PageMeta => ({ page: 1, per_page: perPage, total: 0, last_page: 1 });

/** Meta is null on lists that have not had an answer yet: one page. */
const hasPreviousPage = (meta: PageMeta | null) => (meta?.page ?? 1) > 1;

const hasNextPage = (meta: PageMeta | null) => (meta?.page ?? 1) < (meta?.last_page ?? 1);

/** "Halaman 2 dari 5 · 93 data"; `counted` names what the total counts, none leaves the total out. */
const pageLabel = (meta: PageMeta | null, counted?: string) => {
  if (!meta) return '';
  const where = `Halaman ${meta.page} dari ${meta.last_page}`;
  return counted ? `${where} · ${meta.total} ${counted}` : where;
};

interface Listing<Row, Meta extends PageMeta> {
  rows: Row[];
  meta: Meta | null;
  loading: boolean;
  error: string;
}

/**
 * Fetches one page of a list into it: rows and meta, `loading` while it is
 * asked, a failure as `error` (which it does not clear: callers clear it when
 * an earlier message should go). The answer, or null when it failed.
 */
export async function loadPage<Row, Meta extends PageMeta>(
  list: Listing<Row, Meta>,
  url: string,
): Promise<{ data: Row[]; meta: Meta } | null> {
  list.loading = true;
  try {
    const result = await api<{ data: Row[]; meta: Meta }>('GET', url);
    list.rows = result.data;
    list.meta = result.meta;
    return result;
  } catch (error) {
    list.error = errorMessage(error);
    return null;
  } finally {
    list.loading = false;
  }
}

interface Paged {
  page: number;
  meta: PageMeta | null;
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
  counted?: string,
): T & PagerControls {
  const controls: PagerControls & ThisType<T & PagerControls> = {
    goTo(page) {
      this.page = Math.min(Math.max(1, page), this.meta?.last_page ?? 1);
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

interface Filtered<Filter> extends Paged {
  /** What the filter form holds. */
  filter: Filter;
  /** The filter of the rows shown (the form may hold edits not applied yet). */
  applied: Filter;
}

interface FilterControls {
  applyFilter(): void;
  resetFilter(): void;
}

/** Adds the filter form's Terapkan (the first page of what it says) and Reset (an empty form) to a table's component. */
export function withFilter<Filter extends object, T extends Filtered<Filter>>(
  table: T & ThisType<T & FilterControls & Magics>,
  emptyFilter: () => Filter,
): T & FilterControls {
  const controls: FilterControls & ThisType<T & FilterControls> = {
    applyFilter() {
      this.applied = { ...this.filter };
      this.page = 1;
      void this.load();
    },
    resetFilter() {
      this.filter = emptyFilter();
      this.applyFilter();
    },
  };
  return Object.assign(table, controls);
}
