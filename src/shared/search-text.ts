/**
 * Text as we store and compare it for search: lower-case, Vietnamese diacritics removed (đ → d),
 * whitespace collapsed. "  Nguyễn  Văn Đức " → "nguyen van duc". The same function feeds
 * customers.search_name and the typed query, so both sides always agree.
 */
export function toSearchText(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
