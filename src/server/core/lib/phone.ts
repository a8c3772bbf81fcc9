import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number in E.164 ("+84912345678"), or null when the input is not a valid number.
 * Vietnamese rules by default: "0912 345 678", "+84912345678", "84912345678", "0912.345.678" and
 * "(+84) 912-345-678" are one number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'VN'): string | null {
  const trimmed = (input ?? '').trim();
  if (!trimmed || !/\d/.test(trimmed)) return null;
  // Reject letters early: libphonenumber would happily read "call 0912345678" as a number.
  if (/[a-z]/i.test(trimmed.replace(/(ext\.?|x)\s*\d+$/i, ''))) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/**
 * The digits to look for inside stored E.164 numbers (without "+") when someone typed part of a
 * number: a leading national "0" becomes "84" so "0912 345" matches "+84912345678"; a leading "+84"
 * or "84" is kept as is. Returns null below 4 typed digits (too unselective to be useful).
 */
export function phoneDigitsForSearch(partial: string): string | null {
  let digits = (partial ?? '').replace(/\D/g, '');
  if (digits.length < 4) return null;
  if (digits.startsWith('00')) digits = digits.slice(2); // international prefix "0084…"
  else if (digits.startsWith('0')) digits = `84${digits.slice(1)}`;
  return digits.length >= 4 ? digits : null;
}

/** True when the text looks like a phone number someone typed (digits, spaces, + . - ( )) rather than a name. */
export function looksLikePhone(text: string): boolean {
  return /^[\d\s+().-]+$/.test(text.trim()) && /\d/.test(text);
}
