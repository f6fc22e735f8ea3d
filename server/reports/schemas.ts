import { z } from 'zod';
import { calendarDay } from '../http/params';
import { employeeRef, id } from '../http/schemas';
import { DAY_CODES } from './monthly';

const count = z.number().int().min(0);

export const recapTotalsJson = z.object({
  hadir: count,
  terlambat: count,
  terlambat_menit: count,
  pulang_cepat: count,
  pulang_cepat_menit: count,
  izin: count,
  sakit: count,
  cuti: count,
  dinas_luar: count,
  wfh: count,
  alpa: count,
  libur: count,
  jam_kerja: z.number().min(0).meta({ description: 'Hours worked, to one decimal' }),
});

export const recapRowJson = z.object({
  user: employeeRef,
  schedule: z.object({ id: id.nullable(), name: z.string() }).meta({ description: 'null id: the default schedule' }),
  codes: z.array(z.enum(DAY_CODES)).meta({ description: 'One per day of the month: H T I S C DL WFH A L -' }),
  totals: recapTotalsJson,
});

/** The whole month's rekap, as the API returns it and the console shows it. */
export const monthlyRecapJson = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    days: z.array(calendarDay),
    holidays: z.array(z.object({ date: calendarDay, name: z.string() })),
    rows: z.array(recapRowJson),
    totals: recapTotalsJson,
  })
  .meta({ id: 'MonthlyRecap' });
