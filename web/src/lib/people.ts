import type { User } from '../types';
import { api, query } from './api';
import type { Magics } from './component';

// Picking an employee by code in the admin forms: suggestions while typing
// (a <datalist> of codes with names), then the exact code looked up on submit.

const SUGGESTIONS = 8;
const TYPING_MS = 200;

const search = async (text: string, perPage: number) =>
  (
    await api<{ data: User[] }>(
      'GET',
      `/api/admin/users${query({ q: text, role: 'employee', active: 'true', per_page: perPage })}`,
    )
  ).data;

/**
 * The active employee with exactly this code (any letter case), or null.
 * Admins are left out: only employees have attendances and are expected.
 */
export async function personByCode(code: string): Promise<User | null> {
  const wanted = code.trim().toUpperCase();
  if (!wanted) return null;
  return (await search(wanted, 100)).find((user) => user.employee_code.toUpperCase() === wanted) ?? null;
}

/**
 * Suggestions for a code field: asked a moment after the typing stops, and
 * only the answer to the latest text is shown.
 */
function suggester(show: (people: User[]) => void): (text: string) => void {
  let timer = 0;
  let latest = 0;
  return (text) => {
    clearTimeout(timer);
    const request = ++latest;
    if (!text.trim()) return show([]);
    timer = window.setTimeout(async () => {
      const people = await search(text.trim(), SUGGESTIONS).catch(() => []);
      if (request === latest) show(people);
    }, TYPING_MS);
  };
}

/** "Budi Santoso (EMP001)". */
export const personLabel = (person: { name: string; employee_code: string }) =>
  `${person.name} (${person.employee_code})`;

/** A component with a form that picks an employee by code. */
interface CodeForm {
  form: { code: string };
  formErrors: Record<string, string>;
}

interface CodeField {
  suggestions: User[];
  typed(): void;
  suggestionLabel(user: User): string;
}

/**
 * Adds the code field's part to a form's component: its <datalist>
 * suggestions, asked as the code is typed (`x-on:input="typed"`), each
 * labelled with the name. The suggester starts at the first keystroke, so it
 * answers to the component as Alpine made it reactive.
 */
export function withCodeField<T extends CodeForm>(form: T & ThisType<T & CodeField & Magics>): T & CodeField {
  let suggest: ((text: string) => void) | null = null;
  const field: CodeField & ThisType<T & CodeField> = {
    suggestions: [],
    typed() {
      this.formErrors.user_id = '';
      suggest ??= suggester((people) => (this.suggestions = people));
      suggest(this.form.code);
    },
    suggestionLabel: (user: User) => user.name,
  };
  return Object.assign(form, field);
}
