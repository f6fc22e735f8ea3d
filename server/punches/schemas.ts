import { z } from 'zod';
import { attendanceJson } from '../attendance/schemas';
import { id, instant, named } from '../http/schemas';

const clientId = z.string();
const refusal = z.string().meta({
  description:
    'invalid_pin, forbidden, already_checked_in, not_checked_in, already_checked_out, check_out_before_check_in, punch_too_old, punch_in_future, too_many_attempts',
});

/** The answer for one entry, in the order sent (server/punches/types.ts says what each means). */
export const punchAnswerJson = z
  .discriminatedUnion('result', [
    z.object({ client_id: clientId, result: z.literal('applied'), attendance: attendanceJson }),
    z.object({
      client_id: clientId,
      result: z.literal('rejected'),
      code: refusal,
      retry_after_seconds: z.number().int().min(0).optional(),
    }),
    z.object({
      client_id: clientId,
      result: z.literal('duplicate'),
      original: z.enum(['applied', 'rejected']),
      code: refusal.optional(),
      attendance_id: id.optional(),
    }),
  ])
  .meta({ id: 'PunchAnswer' });

/** A received entry as the admin reads it in the device's detail. */
export const punchJson = z
  .object({
    id,
    client_id: clientId,
    employee_code: z.string(),
    employee: named.nullable(),
    kind: z.enum(['in', 'out']),
    at: instant,
    result: z.enum(['applied', 'rejected']),
    code: refusal.nullable(),
    attendance_id: id.nullable(),
    received_at: instant,
  })
  .meta({ id: 'Punch' });
