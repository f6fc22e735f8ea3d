import { z } from 'zod';

/**
 * The pieces response bodies are made of. Each capability's schemas.ts
 * describes its JSON with them, and its presenter is typed by what they
 * infer, so the OpenAPI document (server/openapi/document.ts) cannot drift
 * from what the server sends without the type check or the contract tests
 * (tests/support/api-contract.ts) noticing.
 */

/** An instant as every `*_at` field carries it: ISO-8601 UTC, from Date#toISOString. */
export const instant = z.iso.datetime().meta({ id: 'Instant', description: 'ISO-8601 UTC' });

export const id = z.number().int().positive();

/** An employee as rows of theirs name them. */
export const employeeRef = z.object({ id, name: z.string(), employee_code: z.string() });

/** Something named by its id and name: the admin who recorded or decided it, the kiosk it happened at. */
export const named = z.object({ id, name: z.string() });

/** `{success: true, data}`: how every JSON answer comes but the heartbeat's, the ping's and the health checks'. */
export const ok = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

/** `{success: true, data: [...], meta}`: a list, and what the list says about itself (its page, its day). */
export const list = <T extends z.ZodType, M extends z.ZodType>(item: T, meta: M) =>
  z.object({ success: z.literal(true), data: z.array(item), meta });

/**
 * The error envelope (server/http/middleware/error-handler.ts). The document
 * names, for each operation and status, the codes it answers with.
 */
export const errorJson = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .unknown()
        .optional()
        .meta({ description: 'validation_failed: `[{path, message}]`; a 429: `{retry_after_seconds}`' }),
    }),
  })
  .meta({ id: 'Error' });
