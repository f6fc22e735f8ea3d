import type { Role } from '../users/types';

export interface SessionUser {
  id: number;
  name: string;
  employee_code: string;
  email: string | null;
  role: Role;
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: SessionUser;
      device?: { id: number; name: string };
    }
  }
}
