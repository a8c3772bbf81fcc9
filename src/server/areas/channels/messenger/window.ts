import { HUMAN_AGENT_WINDOW_HOURS, STANDARD_WINDOW_HOURS } from './account.js';

/** How a reply may go out as time passes since the customer's last message (Messenger's policy). */
export type WindowDecision =
  | { ok: true; messagingType: 'RESPONSE' }
  | { ok: true; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' }
  | { ok: false; reason: 'window_closed'; detail: string };

const HOUR = 3_600_000;

/**
 * Inside 24 hours of the customer's last message: a standard RESPONSE. From 24 hours to 7 days: only
 * with the HUMAN_AGENT tag, which Facebook grants to apps that applied for it (the account says so).
 * Later, or when the customer never wrote: nothing may be sent.
 */
export function windowDecision(lastInboundAt: Date | null, humanAgentTag: boolean, now = new Date()): WindowDecision {
  if (!lastInboundAt) return { ok: false, reason: 'window_closed', detail: 'The customer has not written on Messenger in this conversation: a Page cannot start one' };
  const age = now.getTime() - lastInboundAt.getTime();
  if (age <= STANDARD_WINDOW_HOURS * HOUR) return { ok: true, messagingType: 'RESPONSE' };
  if (age <= HUMAN_AGENT_WINDOW_HOURS * HOUR) {
    if (humanAgentTag) return { ok: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    return { ok: false, reason: 'window_closed', detail: 'More than 24 hours since the customer\'s last message, and this Page\'s app has no HUMAN_AGENT permission (settings)' };
  }
  return { ok: false, reason: 'window_closed', detail: 'More than 7 days since the customer\'s last message: Messenger allows no reply' };
}
