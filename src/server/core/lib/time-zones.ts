/**
 * True for an IANA time-zone name the runtime knows ("Asia/Ho_Chi_Minh", "UTC").
 * Intl.supportedValuesOf lists canonical names only, and ICU's canonical name for some zones is the
 * old alias (Node 20 lists "Asia/Saigon", not "Asia/Ho_Chi_Minh"), so a name is accepted when it or
 * its canonical form is listed. Offsets like "+07:00" are refused: they ignore daylight-saving rules.
 */
export function isValidTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  const known = supported();
  return canonical === 'UTC' || known.has(name) || known.has(canonical);
}

let cache: Set<string> | undefined;
const supported = () => (cache ??= new Set(Intl.supportedValuesOf('timeZone')));
