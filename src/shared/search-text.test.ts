import fc from 'fast-check';
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

describe('folding long texts', () => {
  // The plain per-character definition foldWithOffsets must keep to (it was written this way first;
  // the product's version is linear and caches letters).
  const reference = (text: string) => {
    let folded = '';
    const ranges: [number, number][] = [];
    let i = 0;
    for (const ch of text) {
      const start = i;
      i += ch.length;
      if (/\s/.test(ch)) {
        const last = ranges[ranges.length - 1];
        if (folded.endsWith(' ') && last) last[1] = i;
        else {
          folded += ' ';
          ranges.push([start, i]);
        }
        continue;
      }
      const f = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐðÐ]/g, 'd').toLowerCase();
      if (!f) {
        const last = ranges[ranges.length - 1];
        if (last) last[1] = i;
        continue;
      }
      folded += f;
      for (let k = 0; k < f.length; k++) ranges.push([start, i]);
    }
    return { folded, ranges };
  };
  const pieces = ['Điều', 'hòa', 'hoà', ' ', '  ', '\n\t', '\u00a0', 'o\u0301', '\u0300', 'ĐỨC', 'İ', 'ß', '😀', 'abc', 'Thuỷ', '中文', '.'];
  const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join(''));

  it('folds like the per-character definition, offsets included', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(foldWithOffsets(text)).toEqual(reference(text));
      }),
    );
  });

  it('finds the first match of a long text wherever it is, also across the places the search widens its look', () => {
    const filler = (n: number) => 'Cảm ơn quý khách. '.repeat(Math.ceil(n / 18)).slice(0, n);
    for (const at of [0, 1000, 1019, 1022, 1023, 1024, 4090, 4096, 20_000]) {
      const text = `${filler(at)}máy ĐIỀU  HÒA kêu to ${filler(30_000)}`;
      const snippet = snippetAround(text, 'dieu hoa');
      expect(snippet, `match at ${at}`).toMatch(/ĐIỀU HÒA kêu to/);
      expect(marked(snippet ?? '', 'điều hoà')).toContain('[ĐIỀU HÒA]');
    }
    expect(snippetAround(filler(50_000), 'dieu hoa')).toBeNull();
  });

  it('a query whose letters straddle a cut is found whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 990, max: 1100 }), fc.constantFrom(...pieces), (at, piece) => {
        const text = `${'x'.repeat(at)} ${piece} Điều hòa ${'y'.repeat(5000)}`;
        const flat = text.replace(/\s+/g, ' ').trim();
        const hit = findMatches(flat, 'dieu hoa')[0];
        const snippet = snippetAround(text, 'dieu hoa');
        expect(hit).toBeDefined();
        expect(snippet).toContain(flat.slice(hit![0], hit![1]));
      }),
    );
  });
});
