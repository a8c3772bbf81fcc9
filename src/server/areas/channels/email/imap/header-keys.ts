/** What the importer needs to know about a mail before filing it: which mails it must come after. */
export interface HeaderKeys {
  /** Its own Message-ID (`<…>`). */
  id?: string;
  /** Message-IDs it answers (In-Reply-To, References). */
  refs: string[];
  /** The sender's address, lower-case. */
  from?: string;
}

const HEADER_LIMIT = 64 * 1024;

/**
 * Reads Message-ID, In-Reply-To, References and From from the raw header block (no full MIME parse:
 * this runs for every mail before it is scheduled). Folded header lines are joined first.
 */
export function headerKeys(source: Buffer): HeaderKeys {
  const head = source.subarray(0, HEADER_LIMIT).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const out: HeaderKeys = { refs: [] };
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1);
    if (name === 'message-id') out.id ??= value.match(/<[^<>\s]+>/)?.[0];
    else if (name === 'in-reply-to' || name === 'references') out.refs.push(...(value.match(/<[^<>\s]+>/g) ?? []));
    else if (name === 'from' && !out.from) out.from = (value.match(/<([^<>\s]+@[^<>\s]+)>/)?.[1] ?? value.match(/[^\s<>"',;:]+@[^\s<>"',;:]+/)?.[0])?.toLowerCase();
  }
  return out;
}
