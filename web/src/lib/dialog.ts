/** Opens a <dialog> as a modal (focus moves into it, Escape closes it). */
export function showDialog(element: HTMLElement | undefined): void {
  const dialog = element as HTMLDialogElement | undefined;
  if (dialog && !dialog.open) dialog.showModal();
}

export function closeDialog(element: HTMLElement | undefined): void {
  (element as HTMLDialogElement | undefined)?.close();
}
