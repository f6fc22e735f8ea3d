import Alpine from '@alpinejs/csp';
import { component } from '../lib/component';
import { navigate, route } from '../lib/router';
import { loadSession, session } from '../lib/session';

type View = 'loading' | 'login' | 'admin' | 'employee' | 'kiosk';

const TITLES: Record<View, string> = {
  loading: 'Absensi Live',
  login: 'Masuk · Absensi Live',
  admin: 'Admin · Absensi Live',
  employee: 'Absensi Saya · Absensi Live',
  kiosk: 'Kiosk · Absensi Live',
};

function currentView(): View {
  if (route.path.startsWith('/kiosk')) return 'kiosk';
  if (!session.checked) return 'loading';
  if (!session.user) return 'login';
  return session.user.role === 'admin' ? 'admin' : 'employee';
}

/** A page asked for before logging in, opened once the user has logged in. */
let wanted: string | null = null;

/** Keeps the address bar on a page the current user may see. */
function guardRoute(view: View): void {
  if (view === 'login') {
    if (route.path !== '/masuk') wanted = route.path;
    navigate('/masuk');
  } else if (view === 'admin') {
    const target = wanted?.startsWith('/admin/') ? wanted : '/admin/hari-ini';
    wanted = null;
    if (!route.path.startsWith('/admin/')) navigate(target);
  } else if (view === 'employee') {
    wanted = null;
    navigate('/pegawai');
  }
}

/** The page root: which of the four pages is shown. */
export const app = component(() => ({
  init() {
    Alpine.effect(() => {
      const view = currentView();
      document.title = TITLES[view];
      guardRoute(view);
    });
    void loadSession();
  },
  get isLoading() {
    return currentView() === 'loading';
  },
  get isLogin() {
    return currentView() === 'login';
  },
  get isAdmin() {
    return currentView() === 'admin';
  },
  get isEmployee() {
    return currentView() === 'employee';
  },
  get isKiosk() {
    return currentView() === 'kiosk';
  },
}));
