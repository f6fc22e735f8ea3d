import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { operations } from '../http/operations';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import { toCsv } from './csv';
import { monthlyRecapJson } from './schemas';
import type { ReportService } from './service';
import { recapTable } from './table';
import { recapWorkbook } from './xlsx';

const monthlyQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportOperations = operations('admin', {
  'GET /monthly': {
    summary: 'The monthly rekap absensi: per employee one code per day, and the totals',
    description: '`format=csv` and `format=xlsx` give the same table with Indonesian headers, as a download.',
    query: monthlyQuery,
    responses: {
      200: { 'application/json': ok(monthlyRecapJson), 'text/csv': z.string(), [XLSX]: z.string() },
    },
  },
});

/** Admins only: the monthly rekap as JSON, or the same table as CSV or XLSX. */
export function reportRoutes(reports: ReportService, guards: Guards): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/monthly', async (req, res) => {
    const { month, format } = parse(monthlyQuery, req.query);
    const recap = await reports.monthly(month);
    const filename = `rekap-absensi-${month}`;
    if (format === 'json') return void res.json({ success: true, data: recap });
    if (format === 'csv') {
      const { header, rows, totals } = recapTable(recap);
      res
        .attachment(`${filename}.csv`)
        .type('text/csv; charset=utf-8')
        .send(toCsv(header, [...rows, totals]));
      return;
    }
    res
      .attachment(`${filename}.xlsx`)
      .type(XLSX)
      .send(await recapWorkbook(recap));
  });

  return router;
}
