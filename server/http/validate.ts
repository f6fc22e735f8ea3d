import { z } from 'zod';
import { ValidationError } from '../errors';

/** Every input crosses this line: a zod failure becomes 400 validation_failed with the field paths. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** The body of a PATCH: any of the fields, unknown ones refused, at least one given. */
export const changeOf = <S extends z.ZodRawShape>(fields: S) =>
  z
    .strictObject(fields)
    .partial()
    .refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
