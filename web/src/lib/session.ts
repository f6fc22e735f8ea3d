import Alpine from '@alpinejs/csp';
import type { User } from '../types';
import { ApiError, api, whenSessionLost } from './api';

export const session = Alpine.reactive({
  user: null as User | null,
  /** False until /api/auth/me has answered once. */
  checked: false,
  /** Shown on the login page, e.g. after the session expired. */
  notice: '',
});

export async function loadSession(): Promise<void> {
  try {
    session.user = (await api<{ data: { user: User } }>('GET', '/api/auth/me')).data.user;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401)
      session.notice = 'Server tidak dapat dihubungi. Muat ulang halaman untuk mencoba lagi.';
    session.user = null;
  }
  session.checked = true;
}

export async function logIn(email: string, password: string): Promise<User> {
  const user = (await api<{ data: { user: User } }>('POST', '/api/auth/login', { body: { email, password } })).data
    .user;
  session.notice = '';
  session.user = user;
  return user;
}

export async function logOut(): Promise<void> {
  try {
    await api('POST', '/api/auth/logout');
  } finally {
    session.user = null;
  }
}

/** The server no longer knows this session (expired, logged out elsewhere, deactivated). */
export function sessionLost(): void {
  if (!session.user) return;
  session.user = null;
  session.notice = 'Sesi Anda telah berakhir. Silakan masuk lagi.';
}

whenSessionLost(sessionLost);
