/**
 * Text PostgreSQL cannot store, or that would break JSON: NUL (U+0000, refused by `text` and `jsonb`)
 * and lone UTF-16 surrogates. A mail carrying them (raw, `=00`, base64, in an encoded-word) must still
 * file: they carry no meaning, so they are dropped.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string without NUL characters and lone surrogates. */
export function storable(s: string): string;
export function storable(s: string | undefined): string | undefined;
export function storable(s: string | undefined): string | undefined {
  return s === undefined ? s : s.replace(UNSTORABLE, '');
}
