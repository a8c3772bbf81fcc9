import { toSearchText } from '../../../../shared/search-text.js';

/**
 * "Never invents an order or a policy": every figure the AI writes (an order code's digits, a number
 * of months, a price, a date part) must be found in what it was given — the retrieved passages, the
 * looked-up orders and tickets, the customer's own words. Digit runs of two or more are compared
 * (leading zeros dropped), so "DH9999" is refused when the lookups only know DH1001, and "24 tháng"
 * passes when a passage says 24 tháng. Words are not checked (a model may phrase freely); figures are
 * where an invented order or policy shows.
 */
export function unsupportedFigures(answer: string, sources: string[]): string[] {
  const known = new Set(sources.flatMap(digitRuns));
  return [...new Set(digitRuns(answer))].filter((d) => !known.has(d));
}

function digitRuns(text: string): string[] {
  // 500.000đ and 500,000 are one figure: separators between digit groups removed first.
  const joined = text.replace(/(\d)[.,](?=\d{3}\b)/g, '$1');
  return (joined.match(/\d{2,}/g) ?? []).map((d) => d.replace(/^0+(?=\d)/, ''));
}

/** Whether the customer asks for a person ("gặp nhân viên", "người thật", "talk to a human" …). */
export function asksForHuman(text: string): boolean {
  const s = toSearchText(text);
  return (
    /\b(gap|noi chuyen voi|chat voi|goi|can|cho (em|minh|toi|tui) (gap|noi chuyen voi))\s*(1|mot)?\s*(nhan vien|nguoi that|tu van vien|nguoi tu van|admin|quan ly|ban tu van)\b/.test(s) ||
    /\bnguoi that\b/.test(s) ||
    /\b(nhan vien|tu van vien) (oi|dau|hotro|ho tro)\b/.test(s) ||
    /\b(talk|speak|chat) (to|with) (a |an )?(human|person|agent|representative|real person|someone)\b/.test(s) ||
    /\b(real person|human agent|live agent)\b/.test(s) ||
    /^\s*(nhan vien|human|agent)\s*[.!?]*\s*$/.test(s)
  );
}

/** Whether a question is about the customer's own order ("đơn hàng của em đến đâu rồi", "where is my order"). */
export function asksAboutOrder(text: string): boolean {
  const s = toSearchText(text);
  return /\b(don hang|don cua|ma don|tinh trang don|kiem tra don|don (em|minh|toi)|giao chua|bao gio (giao|nhan|toi|den)|den dau roi|my order|order status|where is my (order|package|delivery)|track(ing)? (my )?order)\b/.test(s);
}
