import { describe, expect, it } from 'vitest';
import { looksLikePhone, normalizePhone, phoneDigitsForSearch } from './phone.js';
import { toSearchText } from './search-text.js';

describe('normalizePhone', () => {
  it('reads every common Vietnamese way of writing one number as the same E.164', () => {
    for (const s of ['0912 345 678', '+84912345678', '84912345678', '0912.345.678', '(+84) 912-345-678', '0084 912 345 678']) {
      expect(normalizePhone(s), s).toBe('+84912345678');
    }
  });
  it('keeps landlines and foreign numbers, rejects garbage', () => {
    expect(normalizePhone('028 3822 1234')).toBe('+842838221234');
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizePhone('0123')).toBeNull();
    expect(normalizePhone('abc')).toBeNull();
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone('call 0912345678')).toBeNull();
  });
});

describe('phoneDigitsForSearch', () => {
  it('maps a leading 0 to 84 and keeps other digits', () => {
    expect(phoneDigitsForSearch('0912 345')).toBe('84912345');
    expect(phoneDigitsForSearch('+84 912')).toBe('84912');
    expect(phoneDigitsForSearch('345-678')).toBe('345678');
    expect(phoneDigitsForSearch('091')).toBeNull();
  });
  it('tells typed numbers from names', () => {
    expect(looksLikePhone('(+84) 912-345')).toBe(true);
    expect(looksLikePhone('nguyen 09')).toBe(false);
  });
});

describe('toSearchText', () => {
  it('strips Vietnamese diacritics, đ, case and extra spaces', () => {
    expect(toSearchText('  Nguyễn  Văn Đức ')).toBe('nguyen van duc');
    expect(toSearchText('TRẦN THỊ BÍCH NGỌC')).toBe('tran thi bich ngoc');
    expect(toSearchText('Phạm Thị Ổn')).toBe('pham thi on');
    expect(toSearchText(null)).toBe('');
  });
});
