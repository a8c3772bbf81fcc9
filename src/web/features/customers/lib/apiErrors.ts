import { notifications } from '@mantine/notifications';
import i18n from 'i18next';
import { ApiError } from '../../../lib/api';
import { errorMessage } from '../../../components/PageError';

/**
 * Field errors from an API error, keyed by field name: zod validation details
 * (`[{ path: "body.email", message }]`, `{ field }` objects) plus stable error ids the caller maps to a
 * field (e.g. `{ 'user.email_taken': 'email' }`), so the form shows the server's reason next to the input.
 */
export function fieldErrorsFrom(err: unknown, idToField: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  const details = err.details as any;
  const list: any[] = Array.isArray(details) ? details : Array.isArray(details?.issues) ? details.issues : details ? [details] : [];
  for (const d of list) {
    const raw = typeof d?.field === 'string' ? d.field : typeof d?.path === 'string' ? d.path : Array.isArray(d?.path) ? d.path.join('.') : '';
    const field = raw.replace(/^(body|querystring|params)\.?/, '').split('.')[0];
    if (field && !out[field]) out[field] = String(d.message ?? err.message);
  }
  const mapped = idToField[err.id];
  if (mapped && !out[mapped]) out[mapped] = errorText(err);
  return out;
}

/** The readable text of an error: a translated one for known ids, else the server's own message. */
export function errorText(err: unknown): string {
  return errorMessage(err, i18n.getFixedT(null, 'common') as any);
}

/** A red notification for a failed action; a 403 gets a "not allowed" title above the server's message. */
export function notifyError(err: unknown) {
  const forbidden = err instanceof ApiError && err.status === 403;
  notifications.show({
    color: 'red',
    title: forbidden ? i18n.t('errors.forbidden', { ns: 'customers' }) : undefined,
    message: errorText(err),
  });
}

/** A green notification for an action that worked. */
export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message });
}
