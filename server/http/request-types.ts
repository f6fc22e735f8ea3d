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
  namespace Express {
    interface Request {
      user?: SessionUser;
      device?: { id: number; name: string };
    }
  }
}
