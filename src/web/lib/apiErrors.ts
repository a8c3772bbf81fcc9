import { notifications } from '@mantine/notifications';
import i18n from 'i18next';
import { ApiError, errorDetails } from './api';
import { errorMessage } from '../components/PageError';

/**
 * Field errors from an API error, keyed by field name: zod validation details
 * (`[{ path: "body.email", message }]`, a `{ field }` object) plus stable error ids the caller maps to a
 * field (e.g. `{ 'user.email_taken': 'email' }`), so the form shows the server's reason next to the input.
 */
export function fieldErrorsFrom(err: unknown, idToField: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const d of errorDetails(err)) {
    const path = d.field !== null ? [d.field] : d.path;
    const field = (['body', 'querystring', 'params'].includes(path[0]) ? path[1] : path[0]) ?? '';
    if (field && !out[field]) out[field] = d.message ?? errorText(err);
  }
  const mapped = idToField[err.id];
  if (mapped && !out[mapped]) out[mapped] = errorText(err);
  return out;
}

/**
 * The readable text of an error: our translation of the server's stable id when we have one
 * (common.json → errorIds), then the app-wide ones, else the server's own message. Details that
 * only the server knows (which column, which row) follow in brackets.
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const own = i18n.t(`errorIds.${err.id}`, { ns: 'common', defaultValue: '' });
    if (own) return /^customer_import\./.test(err.id) ? `${own} (${err.message})` : own;
  }
  return errorMessage(err);
}

/** A red notification for a failed action; a 403 gets a "not allowed" title above the server's message. */
export function notifyError(err: unknown) {
  const forbidden = err instanceof ApiError && err.status === 403;
  notifications.show({
    color: 'red',
    title: forbidden ? i18n.t('errors.forbidden', { ns: 'common' }) : undefined,
    // A 403 shows the server's own reason under the translated title.
    message: forbidden ? (err as ApiError).message : errorText(err),
  });
}

/** A green notification for an action that worked. */
export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message });
}
