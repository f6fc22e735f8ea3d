import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Every input crosses this line: a zod failure becomes 400 validation_failed with the field paths. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
