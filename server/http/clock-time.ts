import { z } from 'zod';

/** An org-local wall-clock time as admins and employees type it: HH:MM or HH:MM:SS, 24 h. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'expected HH:MM or HH:MM:SS (24 h)');

/** Why a record was changed: required on every correction, kept in its audit row. */
export const reason = z.string().trim().min(3, 'say why, in a few words').max(500);
