import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/harness.js';
import { toSearchText } from './search-text.js';

// tt_search_text() (migration 070) must fold exactly as toSearchText does: the query is folded in JS
// and compared with text folded by the database.
describe('tt_search_text in SQL agrees with toSearchText', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('for every Latin letter with diacritics, each combining mark and Vietnamese sentences', async () => {
    const samples: string[] = [];
    for (const [a, b] of [
      [0x20, 0x7e],
      [0xc0, 0x24f],
      [0x300, 0x36f],
      [0x1e00, 0x1eff],
    ] as const) {
      for (let cp = a; cp <= b; cp++) samples.push(`x${String.fromCodePoint(cp)}x`);
    }
    samples.push(
      '  ĐIỀU   Hoà  nhiệt độ ',
      'Máy điều hòa kêu to',
      'Thuỷ Tiên khoẻ không?',
      'Nguyễn Thị Ánh Tuyết',
      'hoa\u0300 the\u0302\u0301 (decomposed)',
      'Ư Ơ Ă Â Ê Ô Đ ư ơ ă â ê ô đ',
    );
    const rows = await ctx.db.query<{ i: number; f: string }>(
      `SELECT i::int, tt_search_text(s) AS f FROM unnest($1::text[]) WITH ORDINALITY AS u(s, i)`,
      [samples],
    );
    const mismatches = rows.filter((r) => r.f !== toSearchText(samples[r.i - 1])).map((r) => `${samples[r.i - 1]} → sql "${r.f}" js "${toSearchText(samples[r.i - 1])}"`);
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength(samples.length);
  });
});
