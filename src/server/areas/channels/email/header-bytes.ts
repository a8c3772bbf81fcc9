/**
 * Raw 8-bit bytes in a mail's header section. RFC 5322 headers are ASCII (non-ASCII goes in RFC 2047
 * words), and RFC 6532 allows raw UTF-8; old Western mailers still write raw Latin-1/Windows-1252
 * ("Formação … Verão"), which mailparser reads as UTF-8 and turns into U+FFFD. Each header line that
 * is not valid UTF-8 is re-encoded from Windows-1252 (a superset of Latin-1 for printable bytes, the
 * WHATWG label browsers use for "latin1") before parsing; valid UTF-8 is never touched. iconv-lite
 * (mailparser's own decoder) rather than TextDecoder: Node's decodes 'windows-1252' as plain Latin-1.
 */
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Where the header section ends (the first empty line), or the whole buffer when there is none. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return raw.length;
  if (crlf < 0) return lf + 1;
  if (lf < 0) return crlf + 2;
  return Math.min(crlf + 2, lf + 1);
}

/** The raw message with its top-level header lines that are not UTF-8 re-encoded from Windows-1252 to UTF-8. */
export function fixHeaderBytes(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end);
  // Fast path: pure ASCII or valid UTF-8 (nearly every mail).
  if (isUtf8(head)) return raw;
  const lines: Buffer[] = [];
  let start = 0;
  while (start < head.length) {
    let nl = head.indexOf(0x0a, start);
    if (nl < 0) nl = head.length - 1;
    const line = head.subarray(start, nl + 1);
    lines.push(isUtf8(line) ? line : Buffer.from(iconv.decode(Buffer.from(line), 'win1252'), 'utf8'));
    start = nl + 1;
  }
  return Buffer.concat([...lines, raw.subarray(end)]);
}
