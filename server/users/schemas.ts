import { z } from 'zod';
import { id, instant } from '../http/schemas';
import { ROLES } from './types';

/** What the API shows of a user: never a hash. */
export const userJson = z
  .object({
    id,
    employee_code: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: z.enum(ROLES),
    active: z.boolean(),
    has_password: z.boolean(),
    has_pin: z.boolean(),
    schedule_id: id.nullable().meta({ description: 'The work schedule they follow; null: the org default' }),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'User' });
