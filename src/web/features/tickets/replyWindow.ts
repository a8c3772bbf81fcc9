import type { ReplyChannel } from './replyChannelApi';

/**
 * The reply window a channel reports for a ticket (Zalo: 48 h and 8 free replies after the user's last
 * message; Messenger: 24 h, 7 days with HUMAN_AGENT). Read from the optional `window` of
 * GET /api/tickets/:id/reply-channel; a channel that reports none shows nothing (never computed here:
 * the server knows the rules and the account's settings).
 */
export interface ReplyWindowView {
  /** When the window closes (ISO); null: no customer message to answer. */
  endsAt: string | null;
  /** Free replies left in the window; null when the channel does not count them. */
  repliesLeft: number | null;
  /** How many free replies a window gives, when the server says (today it does not: the count left is shown alone). */
  repliesMax: number | null;
}

/** The window in the answer, if the channel gave one (Zalo, Messenger). */
export function replyWindowOf(rc: ReplyChannel | undefined): ReplyWindowView | null {
  const w = rc?.window;
  if (!w || Number.isNaN(Date.parse(w.endsAt))) return null;
  return { endsAt: w.endsAt, repliesLeft: w.repliesLeft ?? null, repliesMax: null };
}

/** Hours and minutes left, kept precise (a 48-hour window counted in days would hide its last hours). */
export function windowLeft(endsAt: string, now: Date): { hours: number; minutes: number; closed: boolean } {
  const ms = Date.parse(endsAt) - now.getTime();
  if (ms <= 0) return { hours: 0, minutes: 0, closed: true };
  const total = Math.ceil(ms / 60_000);
  return { hours: Math.floor(total / 60), minutes: total % 60, closed: false };
}

/** How urgent the window looks: under an hour or one reply left is red, under 6 hours or two replies orange. */
export function windowTone(w: ReplyWindowView, now: Date): 'ok' | 'soon' | 'urgent' | 'closed' {
  const left = w.endsAt ? windowLeft(w.endsAt, now) : null;
  if (left?.closed || w.repliesLeft === 0) return 'closed';
  if ((left && left.hours < 1) || w.repliesLeft === 1) return 'urgent';
  if ((left && left.hours < 6) || (w.repliesLeft !== null && w.repliesLeft <= 2)) return 'soon';
  return 'ok';
}
