import { copyText } from '../lib/clipboard';
import { component } from '../lib/component';
import { closeDialog, showDialog } from '../lib/dialog';
import { deviceUi } from './device-ui';

/** Shows a new device token exactly once, with a copy button; closing forgets it. */
export const tokenDialog = component(() => ({
  copied: false,
  copyFailed: false,
  init() {
    this.$watch('token', () => {
      this.copied = false;
      this.copyFailed = false;
      if (deviceUi.token) showDialog(this.$refs.dialog);
    });
    this.$refs.dialog.addEventListener('close', () => (deviceUi.token = null));
  },
  get token() {
    return deviceUi.token?.token ?? '';
  },
  get deviceName() {
    return deviceUi.token?.deviceName ?? '';
  },
  async copy() {
    this.copied = await copyText(this.token, this.$refs.tokenInput as HTMLInputElement);
    this.copyFailed = !this.copied;
  },
  close() {
    closeDialog(this.$refs.dialog);
  },
}));
