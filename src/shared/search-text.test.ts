import { describe, expect, it } from 'vitest';
import { findMatches, foldWithOffsets, highlightParts, snippetAround, toSearchText } from './search-text.js';

const marked = (text: string, q: string) =>
  highlightParts(text, q)
    .map((p) => (p.match ? `[${p.text}]` : p.text))
    .join('');

describe('toSearchText', () => {
  it('folds accents, đ, capitals and spacing', () => {
    expect(toSearchText('  Nguyễn  Văn ĐỨC ')).toBe('nguyen van duc');
  });

  it('makes both tone placements and the unaccented form one text', () => {
    for (const [a, b, c] of [
      ['điều hòa', 'điều hoà', 'dieu hoa'],
      ['thủy', 'thuỷ', 'thuy'],
      ['khỏe', 'khoẻ', 'khoe'],
    ]) {
      expect(toSearchText(a)).toBe(c);
      expect(toSearchText(b)).toBe(c);
    }
  });

  it('reads decomposed input (letter + combining mark) like precomposed', () => {
    expect(toSearchText('hoa\u0300')).toBe(toSearchText('hoà'));
    expect(toSearchText('Ðiều'.normalize('NFD'))).toBe('dieu');
  });
});

describe('highlight mapping', () => {
  it('marks the original accented words for an unaccented query', () => {
    expect(marked('Máy điều hòa kêu to', 'dieu hoa')).toBe('Máy [điều hòa] kêu to');
  });

  it('marks the other tone placement and capitals', () => {
    expect(marked('ĐIỀU HOÀ phòng khách, điều hòa phòng ngủ', 'điều hòa')).toBe('[ĐIỀU HOÀ] phòng khách, [điều hòa] phòng ngủ');
    expect(marked('Chúc anh mạnh khoẻ', 'khỏe')).toBe('Chúc anh mạnh [khoẻ]');
  });

  it('maps through collapsed whitespace and decomposed marks', () => {
    const text = 'Điều  \n hoa\u0300 mới';
    const [m] = findMatches(text, 'dieu hoa');
    expect(m).toBeDefined();
    expect(text.slice(m![0], m![1])).toBe('Điều  \n hoa\u0300');
  });

  it('keeps offsets right after characters outside the BMP', () => {
    expect(marked('😀 Thuỷ 😀 thủy', 'thuy')).toBe('😀 [Thuỷ] 😀 [thủy]');
  });

  it('gives one plain part when nothing matches or the query is empty', () => {
    expect(highlightParts('xin chào', 'tạm biệt')).toEqual([{ text: 'xin chào', match: false }]);
    expect(highlightParts('xin chào', '  ')).toEqual([{ text: 'xin chào', match: false }]);
  });

  it('folds every character with its source range', () => {
    const { folded, ranges } = foldWithOffsets('Đà  Nẵng');
    expect(folded).toBe('da nang');
    expect(ranges[2]).toEqual([2, 4]);
  });
});

describe('snippetAround', () => {
  it('cuts a window around the first match at word boundaries', () => {
    const body = `${'Dạ em chào anh, em là nhân viên chăm sóc khách hàng. '.repeat(4)}Máy điều hoà nhà anh bị chảy nước từ hôm qua. ${'Cảm ơn anh đã liên hệ. '.repeat(5)}`;
    const s = snippetAround(body, 'dieu hoa', 80)!;
    expect(s.length).toBeLessThanOrEqual(82);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(marked(s, 'dieu hoa')).toContain('[điều hoà]');
  });

  it('is null when the text does not contain the query', () => {
    expect(snippetAround('xin chào', 'dieu hoa')).toBeNull();
  });
});
