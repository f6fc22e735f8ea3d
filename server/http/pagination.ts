import type { Request, Response } from 'express';
import { z } from 'zod';
import { list } from './schemas';
import { parse } from './validate';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
};

export const pageMetaJson = z
  .object({
    page: z.number().int().min(1),
    per_page: z.number().int().min(1).max(100),
    total: z.number().int().min(0),
    last_page: z.number().int().min(1),
  })
  .meta({ id: 'PageMeta' });
export type PageMeta = z.output<typeof pageMetaJson>;

export const pageMeta = (page: number, perPage: number, total: number): PageMeta => ({
  page,
  per_page: perPage,
  total,
  last_page: Math.max(1, Math.ceil(total / perPage)),
});

/** `{success: true, data: [...], meta}` of one page. */
export const pagedJson = <T extends z.ZodType>(item: T) => list(item, pageMetaJson);

/** GET of a paged list: page and per_page from the query, the rest of it as the filter. */
export function pagedListRoute<F>(
  query: z.ZodType<{ page: number; per_page: number } & F>,
  list: (filter: F, page: number, perPage: number) => Promise<object>,
) {
  return async (req: Request, res: Response) => {
    const { page, per_page, ...filter } = parse(query, req.query);
    res.json({ success: true, ...(await list(filter as F, page, per_page)) });
  };
}
