import { z } from 'zod';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
};

export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
  last_page: number;
}

export const pageMeta = (page: number, perPage: number, total: number): PageMeta => ({
  page,
  per_page: perPage,
  total,
  last_page: Math.max(1, Math.ceil(total / perPage)),
});
