export type Role = 'admin' | 'employee';

export interface UserRow {
  id: number;
  employee_code: string;
  name: string;
  email: string | null;
  role: Role;
  password_hash: string | null;
  pin_hash: string | null;
  active: number | boolean;
  created_at: Date;
  updated_at: Date;
}

/** What the API shows of a user: never a hash. */
export interface UserJson {
  id: number;
  employee_code: string;
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
  created_at: string;
  updated_at: string;
}

export const toUserJson = (row: UserRow): UserJson => ({
  id: row.id,
  employee_code: row.employee_code,
  name: row.name,
  email: row.email,
  role: row.role,
  active: Boolean(row.active),
  has_password: row.password_hash !== null,
  has_pin: row.pin_hash !== null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});
