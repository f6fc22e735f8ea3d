import { z } from 'zod';

/**
 * An employee code as stored, and as a kiosk may name one. Only characters
 * the database compares one way: under utf8mb4_unicode_ci a fullwidth
 * "ＥＭＰ００１" equals EMP001, so a kiosk accepting it would give each such
 * spelling a PIN budget of its own. Upper-cased, as the codes are stored.
 */
export const employeeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or -, at most 32')
  .transform((code) => code.toUpperCase());
