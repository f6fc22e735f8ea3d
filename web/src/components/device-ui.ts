import Alpine from '@alpinejs/csp';

/** What the Perangkat dialogs share: the device opened in detail and a token to show once. */
export const deviceUi = Alpine.reactive({
  selectedId: null as number | null,
  token: null as { deviceName: string; token: string } | null,
});
