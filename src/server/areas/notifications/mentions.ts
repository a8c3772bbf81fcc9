import { toSearchText } from '../../core/lib/search-text.js';

/** Someone who can be mentioned: their name and email. */
export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The users an internal note mentions: "@" followed by their full name or their email's local part,
 * accents and capitals ignored ("@Nguyễn Thị Lan", "@nguyen thi lan", "@lan.nguyen"), not followed by
 * another letter or digit (so "@lan" does not mention "lananh").
 */
export function mentionedUserIds(body: string, users: readonly Mentionable[]): string[] {
  if (!body.includes('@')) return [];
  const text = toSearchText(body);
  const ids: string[] = [];
  for (const u of users) {
    const handles = [toSearchText(u.name), u.email.split('@')[0]?.toLowerCase() ?? ''].filter((h) => h.length >= 2);
    const hit = handles.some((h) => new RegExp(`(^|[^\\p{L}\\p{N}_.])@${escapeRegExp(h)}(?![\\p{L}\\p{N}_]|\\.[\\p{L}\\p{N}])`, 'u').test(text));
    if (hit) ids.push(u.id);
  }
  return ids;
}
