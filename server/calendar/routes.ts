import { parse as parseCsv } from 'csv-parse/sync';
import { Router } from 'express';
import { z } from 'zod';
import type { Guards } from '../auth/guards';
import { ValidationError } from '../errors';
import { operations } from '../http/operations';
import { calendarDay, idParam } from '../http/params';
import { ok } from '../http/schemas';
import { parse } from '../http/validate';
import { holidayImportJson, holidayJson } from './schemas';
import type { HolidayInput, HolidayService } from './service';
import { HOLIDAY_KINDS } from './types';

const holiday = z.strictObject({
  date: calendarDay,
  name: z.string().trim().min(1).max(120),
  kind: z.enum(HOLIDAY_KINDS),
});
const listQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
// A year's list as JSON, or as the CSV an office keeps (date,name,kind; the header line may be there or not).
const importBody = z.union([
  z.strictObject({ holidays: z.array(holiday).min(1).max(1000) }),
  z.strictObject({ csv: z.string().min(1).max(60_000) }),
]);

/** Every row of an imported CSV checked before anything is written; a bad one names its line. */
function holidaysFromCsv(text: string): HolidayInput[] {
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new ValidationError([{ path: 'csv', message: (error as Error).message }]);
  }
  const firstLine = records[0]?.[0]?.toLowerCase() === 'date' ? 1 : 0;
  const problems: { path: string; message: string }[] = [];
  const rows: HolidayInput[] = [];
  records.slice(firstLine).forEach(([date, name, kind], i) => {
    const parsed = holiday.safeParse({ date, name, kind });
    if (parsed.success) rows.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.push({ path: `csv.${i + firstLine + 1}`, message: `${issue.path.join('.')}: ${issue.message}` });
  });
  if (problems.length > 0) throw new ValidationError(problems);
  if (rows.length === 0) throw new ValidationError([{ path: 'csv', message: 'no holidays in the list' }]);
  return rows;
}

function assertOneRowPerDate(rows: HolidayInput[]): void {
  const seen = new Set<string>();
  const problems = rows.flatMap((row, i) => {
    if (!seen.has(row.date)) {
      seen.add(row.date);
      return [];
    }
    return [{ path: `holidays.${i}.date`, message: `${row.date} is in the list twice` }];
  });
  if (problems.length > 0) throw new ValidationError(problems);
}

export const holidayOperations = operations('admin', {
  'GET /': {
    summary: "A year's holidays (this year's unless told)",
    query: listQuery,
    responses: { 200: ok(z.array(holidayJson)) },
  },
  'POST /': {
    summary: 'Add a holiday',
    body: holiday,
    responses: { 201: ok(holidayJson) },
    errors: { 409: ['holiday_exists'] },
  },
  'POST /import': {
    summary: "Import a year's list, all or nothing; a date already there takes the new name and kind",
    description:
      'As `{holidays: [...]}`, or as `{csv}` with lines `date,name,kind` (the header line may be there or not).',
    body: importBody,
    responses: { 200: ok(holidayImportJson) },
  },
  'DELETE /:id': { summary: 'Delete a holiday', responses: { 204: null } },
});

/** Admins only. */
export function holidayRoutes(holidays: HolidayService, guards: Guards, thisYear: () => number): Router {
  const router = Router();
  router.use(guards.admin);

  router.get('/', async (req, res) => {
    const { year } = parse(listQuery, req.query);
    res.json({ success: true, data: await holidays.list(year ?? thisYear()) });
  });

  router.post('/', async (req, res) => {
    res.status(201).json({ success: true, data: await holidays.create(parse(holiday, req.body), req.user!.id) });
  });

  router.post('/import', async (req, res) => {
    const body = parse(importBody, req.body);
    const rows = 'csv' in body ? holidaysFromCsv(body.csv) : body.holidays;
    assertOneRowPerDate(rows);
    res.json({ success: true, data: await holidays.import(rows, req.user!.id) });
  });

  router.delete('/:id', async (req, res) => {
    await holidays.remove(parse(idParam, req.params).id, req.user!.id);
    res.status(204).end();
  });

  return router;
}
