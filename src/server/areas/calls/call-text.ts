import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MessageDetails } from '../../../shared/tickets.js';

/** A calls row as read from the database. */
export interface CallRow {
  id: string;
  workspace_id: string;
  account_id: string | null;
  external_id: string;
  direction: 'inbound' | 'outbound';
  from_number: string | null;
  to_number: string | null;
  customer_id: string | null;
  agent_user_id: string | null;
  agent_email: string | null;
  agent_extension: string | null;
  status: 'ringing' | 'answered' | 'ended' | 'missed';
  started_at: Date;
  ringing_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  wrap_up_seconds: number | null;
  missed: boolean;
  abandoned: boolean;
  recording_url: string | null;
  ticket_id: string | null;
  message_id: string | null;
  events: string[];
  logged_by_hand: boolean;
  logged_by: string | null;
  note: string | null;
  call_back_marked: boolean;
  created_at: Date;
  updated_at: Date;
}

/** "+84912345678" → "0912 345 678" (national format); anything else as it is. */
export function displayPhone(n: string | null): string {
  if (!n) return 'số ẩn';
  const p = parsePhoneNumberFromString(n, 'VN');
  return p?.isValid() ? p.formatNational() : n;
}

/** 195 → "03:15"; an hour or more → "1:02:03". */
export function mmss(seconds: number | null): string {
  const s = Math.max(0, Math.round(seconds ?? 0));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "14:05 22/11" in the workspace's time zone (24-hour clock, day before month as in Vietnam). */
export function hhmmDdMm(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}`;
}

/** The customer's side of the call: the caller for inbound calls, the callee for outbound ones. */
export const customerNumber = (c: Pick<CallRow, 'direction' | 'from_number' | 'to_number'>) => (c.direction === 'inbound' ? c.from_number : c.to_number);

/**
 * The thread entry's text: a short Vietnamese summary (the structured details travel in meta.call
 * and the web app's CallCard renders them in the reader's language; this text is what previews,
 * search and the timeline show).
 */
export function callSummary(c: CallRow, agentName: string | null, timeZone: string): string {
  const who = displayPhone(customerNumber(c));
  const when = hhmmDdMm(new Date(c.started_at), timeZone);
  const wait = c.wait_seconds ? ` (chờ ${mmss(c.wait_seconds)})` : '';
  const talk = `đàm thoại ${mmss(c.talk_seconds)}`;
  const agent = agentName ? ` Nhân viên: ${agentName}.` : '';
  let text: string;
  if (c.direction === 'inbound') {
    if (c.status === 'missed') text = `Cuộc gọi nhỡ từ ${who} lúc ${when}${wait}.`;
    else if (c.status === 'ringing') text = `Cuộc gọi đến từ ${who} lúc ${when} — đang đổ chuông.`;
    else if (c.status === 'answered') text = `Cuộc gọi đến từ ${who} lúc ${when} — đang nghe máy${wait}.`;
    else text = `Cuộc gọi đến từ ${who} lúc ${when} — đã nghe, ${talk}${wait}.`;
  } else {
    if (c.status === 'missed') text = `Cuộc gọi đi tới ${who} lúc ${when} — khách không bắt máy.`;
    else if (c.status === 'ringing') text = `Cuộc gọi đi tới ${who} lúc ${when} — đang đổ chuông.`;
    else if (c.status === 'answered') text = `Cuộc gọi đi tới ${who} lúc ${when} — đang đàm thoại.`;
    else text = `Cuộc gọi đi tới ${who} lúc ${when} — ${talk}.`;
  }
  return c.note ? `${text}${agent}\n${c.note}` : `${text}${agent}`;
}

/** meta.call of the thread entry: exactly MessageDetailsSchema.call. */
export function callDetails(c: CallRow, agentName: string | null): NonNullable<MessageDetails['call']> {
  return {
    callId: c.external_id,
    direction: c.direction,
    status: c.status,
    from: c.from_number,
    to: c.to_number,
    agentName,
    waitSeconds: c.wait_seconds,
    talkSeconds: c.talk_seconds,
    wrapUpSeconds: c.wrap_up_seconds,
    recordingUrl: c.recording_url,
    startedAt: new Date(c.started_at).toISOString(),
    endedAt: c.ended_at ? new Date(c.ended_at).toISOString() : null,
    loggedByHand: c.logged_by_hand,
  };
}

/** "Gọi lại cho <khách> — cuộc gọi nhỡ lúc HH:mm dd/MM": the subject of a call-back task. */
export function callBackSubject(customerName: string | null, c: CallRow, timeZone: string): string {
  const who = customerName?.trim() || displayPhone(customerNumber(c));
  return `Gọi lại cho ${who} — cuộc gọi nhỡ lúc ${hhmmDdMm(new Date(c.started_at), timeZone)}`;
}

/** The subject of a ticket a call opens (until a missed call turns it into a call-back task). */
export function callTicketSubject(customerName: string | null, c: CallRow): string {
  const who = customerName?.trim() || displayPhone(customerNumber(c));
  return c.direction === 'inbound' ? `Cuộc gọi từ ${who}` : `Cuộc gọi tới ${who}`;
}
