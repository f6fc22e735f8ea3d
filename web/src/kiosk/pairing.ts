// The kiosk's pairing lives in this browser's storage: the device token the
// admin was shown once, and the part of employee codes everyone shares.

const KEY = 'absensi.kiosk';

export interface Pairing {
  token: string;
  /** Typed for the employee before the digits on the keypad, e.g. "EMP". */
  codePrefix: string;
}

export function loadPairing(): Pairing | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return typeof value?.token === 'string' && value.token
      ? { token: value.token, codePrefix: String(value.codePrefix ?? '') }
      : null;
  } catch {
    return null;
  }
}

export function savePairing(pairing: Pairing): void {
  localStorage.setItem(KEY, JSON.stringify(pairing));
}

export function forgetPairing(): void {
  localStorage.removeItem(KEY);
}
