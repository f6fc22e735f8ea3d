import { z } from 'zod';

/** YYYY-MM-DD that is a real calendar day (Date.parse would accept 2026-02-30). */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((value) => {
    const [year, month, day] = value.split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'not a calendar date');

/** Decimal digits only: "0x10" or "1e1" are not ids. */
export const idParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'expected a positive integer id')
    .transform(Number),
});

export const positiveIntQuery = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'expected a positive integer')
  .transform(Number);
