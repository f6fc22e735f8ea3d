import { fieldErrors, formMessage } from './messages';

/** A form's state in its component: a message beside each field, one above the form, and its send in flight. */
interface SentForm {
  formErrors: Record<string, string>;
  formError: string;
  saving: boolean;
}

/**
 * Sends a form: `saving` while it goes, the last send's messages cleared
 * first, and a failure shown as field errors beside the inputs (read by
 * `fieldsOf`, the API's own by default) with the message above the form.
 */
export async function sendForm(
  form: SentForm,
  send: () => Promise<void>,
  fieldsOf: (error: unknown) => Record<string, string> = fieldErrors,
): Promise<void> {
  form.saving = true;
  form.formErrors = {};
  form.formError = '';
  try {
    await send();
  } catch (error) {
    form.formErrors = fieldsOf(error);
    form.formError = formMessage(error, form.formErrors);
  } finally {
    form.saving = false;
  }
}
