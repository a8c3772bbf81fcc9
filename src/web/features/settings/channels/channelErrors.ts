import i18n from 'i18next';
import { ApiError, errorDetails } from '../../../lib/api';
import { errorText } from '../../../lib/apiErrors';

/** Errors whose server text carries the useful part (the mail server's own answer): shown after ours. */
const WITH_SERVER_REASON = new Set(['email.imap_failed', 'email.smtp_failed']);

/**
 * The readable text of a channel error: our translation of its id (channels.json → errorIds, which
 * also covers message.* retry errors), the server's reason in brackets where it matters, else the
 * app-wide text.
 */
export function channelErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const own = i18n.t(`errorIds.${err.id}`, { ns: 'channels', defaultValue: '' });
    if (own) return WITH_SERVER_REASON.has(err.id) && err.message ? `${own} (${err.message})` : own;
  }
  return errorText(err);
}

/**
 * Field errors from a 400 validation.failed: the server names config/secret fields by path
 * (`config.imap.host`, `secrets.signingSecret`); we key them as the forms do (`imap.host`, `signingSecret`).
 */
export function accountFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  // Validation issues only (a list): a refusal's single details object names no form field here.
  for (const d of Array.isArray(err.details) ? errorDetails(err) : []) {
    const parts = d.path.filter((p) => p !== 'body');
    if (parts[0] === 'config' || parts[0] === 'secrets') parts.shift();
    const key = parts.join('.');
    if (key && !out[key]) out[key] = d.message ?? err.message;
  }
  if (err.id === 'channel.address_taken' && !out.address) out.address = channelErrorText(err);
  return out;
}
