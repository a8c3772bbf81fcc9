import { describe, expect, it } from 'vitest';
import { filterCanned, replaceSlash, slashAt } from './slashCommand';
import type { CannedReply } from '../../../shared/tickets';

const reply = (shortcut: string, title: string): CannedReply => ({ id: shortcut, shortcut, title, body: `${title}…`, createdAt: '2026-01-01T00:00:00Z' });
const LIST = [reply('chao', 'Lời chào'), reply('cam-on', 'Cảm ơn'), reply('xin-loi', 'Xin lỗi vì sự bất tiện'), reply('doi-tra', 'Chính sách đổi trả'), reply('ket-thuc', 'Kết thúc hội thoại')];

describe('slashAt', () => {
  it('finds "/word" at the caret at the start, after a space or a line break', () => {
    expect(slashAt('/chao', 5)).toEqual({ start: 0, query: 'chao' });
    expect(slashAt('Dạ /ch', 6)).toEqual({ start: 3, query: 'ch' });
    expect(slashAt('Dạ anh\n/', 8)).toEqual({ start: 7, query: '' });
    expect(slashAt('/chào', 5)).toEqual({ start: 0, query: 'chào' });
  });
  it('ignores slashes inside words, links and fractions, and a finished word', () => {
    expect(slashAt('1/2', 3)).toBeNull();
    expect(slashAt('http://shop.vn', 14)).toBeNull();
    expect(slashAt('/chao anh', 9)).toBeNull();
    expect(slashAt('không có', 8)).toBeNull();
  });
});

describe('filterCanned', () => {
  it('matches shortcuts and titles without accents, shortcut prefixes first', () => {
    expect(filterCanned(LIST, 'chao').map((c) => c.shortcut)).toEqual(['chao']);
    expect(filterCanned(LIST, 'chào').map((c) => c.shortcut)).toEqual(['chao']);
    expect(filterCanned(LIST, 'loi').map((c) => c.shortcut)).toEqual(['chao', 'xin-loi']);
    expect(filterCanned(LIST, 'doi').map((c) => c.shortcut)).toEqual(['doi-tra']);
    expect(filterCanned(LIST, 'thoai').map((c) => c.shortcut)).toEqual(['ket-thuc']);
    expect(filterCanned(LIST, 'camon').map((c) => c.shortcut)).toEqual(['cam-on']);
    expect(filterCanned(LIST, 'CẢM').map((c) => c.shortcut)).toEqual(['cam-on']);
  });
  it('lists everything for a bare "/", alphabetically, and nothing for an unknown word', () => {
    expect(filterCanned(LIST, '').map((c) => c.shortcut)).toEqual(['cam-on', 'chao', 'doi-tra', 'ket-thuc', 'xin-loi']);
    expect(filterCanned(LIST, 'zzz')).toEqual([]);
    expect(filterCanned(LIST, '', 2)).toHaveLength(2);
  });
});

describe('replaceSlash', () => {
  it('puts the text where "/word" was and the caret after it', () => {
    const text = 'Dạ /ch\nCảm ơn';
    expect(replaceSlash(text, { start: 3, query: 'ch' }, 6, 'Xin chào anh Huy')).toEqual({ text: 'Dạ Xin chào anh Huy\nCảm ơn', caret: 19 });
  });
});
