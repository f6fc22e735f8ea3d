import type { z } from 'zod';
import type { userJson } from './schemas';

export const ROLES = ['admin', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  id: number;
  employee_code: string;
  name: string;
  email: string | null;
  role: Role;
  password_hash: string | null;
  pin_hash: string | null;
  active: number | boolean;
  schedule_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export type UserJson = z.output<typeof userJson>;

export const toUserJson = (row: UserRow): UserJson => ({
  id: row.id,
  employee_code: row.employee_code,
  name: row.name,
  email: row.email,
  role: row.role,
  active: Boolean(row.active),
  has_password: row.password_hash !== null,
  has_pin: row.pin_hash !== null,
  schedule_id: row.schedule_id,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

/** How an employee is named wherever rows of theirs are shown. */
export const employeeOf = (row: { user_id: number; user_name: string; user_employee_code: string }) => ({
  id: row.user_id,
  name: row.user_name,
  employee_code: row.user_employee_code,
});

/** Who did something (the admin who recorded or decided it), or nobody. */
export const personOrNull = (id: number | null, name: string | null) =>
  id !== null && name !== null ? { id, name } : null;
