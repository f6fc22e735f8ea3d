import { component } from '../lib/component';
import { errorMessage } from '../lib/messages';
import { logIn, session } from '../lib/session';

export const login = component(() => ({
  email: '',
  password: '',
  busy: false,
  error: '',
  get notice() {
    return session.notice;
  },
  async submit() {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await logIn(this.email.trim(), this.password);
      // The page root now shows the user's page; the password leaves memory.
      this.password = '';
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  },
}));
