import { ApiError, errorDetails } from '../../lib/api';

/** The fields of the setup form, in the order they are shown (the first one in error gets the focus). */
export const SETUP_FIELDS = ['workspaceName', 'name', 'email', 'password'] as const;
export type SetupField = (typeof SETUP_FIELDS)[number];
export type SetupForm = Record<SetupField, string>;
/** Field → i18n key (namespace auth) of what is wrong with it. */
export type FieldProblems = Partial<Record<string, string>>;

// The same rule as the server's zod `.email()` in spirit: something@something.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem of the email field, or none. */
export function emailProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'errors.emailRequired';
  if (v.length > 254 || !EMAIL.test(v)) return 'errors.emailInvalid';
  return undefined;
}

/**
 * Every field's problem at once (not only the first), so a blank form says what each input needs.
 * Limits mirror the server's body schema in access/auth.routes.ts.
 */
export function setupProblems(form: SetupForm): FieldProblems {
  const out: FieldProblems = {};
  if (!form.workspaceName.trim()) out.workspaceName = 'errors.workspaceNameRequired';
  else if (form.workspaceName.trim().length > 120) out.workspaceName = 'errors.tooLong';
  if (!form.name.trim()) out.name = 'errors.nameRequired';
  else if (form.name.trim().length > 120) out.name = 'errors.tooLong';
  const email = emailProblem(form.email);
  if (email) out.email = email;
  if (!form.password) out.password = 'errors.passwordRequired';
  else if (form.password.length < 8) out.password = 'setup.passwordTooShort';
  else if (form.password.length > 200) out.password = 'errors.tooLong';
  return out;
}

/** The login form's problems: a well-formed email and a password. */
export function loginProblems(email: string, password: string): FieldProblems {
  const out: FieldProblems = {};
  const e = emailProblem(email);
  if (e) out.email = e;
  if (!password) out.password = 'errors.passwordRequired';
  return out;
}

/**
 * The server's validation failure mapped onto our fields: which fields it names (zod `details[].path`
 * such as "body.email") → our own translated text for that field, since the server's words are English
 * and generic ("Invalid email"); `texts` is field → i18n key. Fields it names that we do not know are left
 * to the banner.
 */
export function serverFieldProblems(err: unknown, texts: Record<string, string>): FieldProblems {
  const out: FieldProblems = {};
  if (!(err instanceof ApiError) || err.id !== 'validation.failed') return out;
  for (const d of errorDetails(err)) {
    const path = d.field !== null ? [d.field] : d.path;
    const field = ['body', 'querystring', 'params'].includes(path[0] ?? '') ? path[1] : path[0];
    if (!field || !(field in texts) || out[field]) continue;
    out[field] = texts[field];
  }
  return out;
}
