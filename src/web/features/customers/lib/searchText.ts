/** Lower-case, Vietnamese diacritics removed (đ → d): "Nguyễn Văn Đức" → "nguyen van duc", as the server compares. */
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
