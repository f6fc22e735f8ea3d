/**
 * Copies text. The Clipboard API exists only on HTTPS (or localhost); a kiosk
 * network on plain HTTP falls back to selecting the input and copying that.
 */
export async function copyText(text: string, input?: HTMLInputElement): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // permission refused: try the old way
    }
  }
  if (!input) return false;
  input.select();
  return document.execCommand('copy');
}
