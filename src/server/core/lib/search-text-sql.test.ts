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

  it('for ASCII, every Latin letter that decomposes to a base letter and marks (the whole Vietnamese alphabet), đ and the Vietnamese combining marks', async () => {
    const samples: string[] = [];
    for (let cp = 0x20; cp <= 0x7e; cp++) samples.push(`x${String.fromCodePoint(cp)}x`);
    for (const [a, b] of [
      [0xc0, 0x24f],
      [0x1e00, 0x1eff],
    ] as const) {
      for (let cp = a; cp <= b; cp++) {
        const ch = String.fromCodePoint(cp);
        // Letters with no decomposition (æ, ø, ß, ł …) fold differently (unaccent spells "ae", "o", "ss"):
        // none is Vietnamese, and a query of such a letter still finds it written the same way.
        if (/^[A-Za-z][\u0300-\u036f]+$/.test(ch.normalize('NFD'))) samples.push(`x${ch}x`);
      }
    }
    // Tones (grave, acute, tilde, hook, dot below), circumflex, breve, horn: text typed decomposed.
    for (const mark of ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031b']) samples.push(`xa${mark}x`);
    samples.push(
      'Đđ',
      '  ĐIỀU   Hoà  nhiệt độ ',
      'Máy điều hòa kêu to\nngày\tmai',
      'Thuỷ Tiên khoẻ không?',
      'Nguyễn Thị Ánh Tuyết',
      'hoa\u0300 the\u0302\u0301 (decomposed)',
      'Ư Ơ Ă Â Ê Ô Đ ư ơ ă â ê ô đ',
    );
    expect(samples.length).toBeGreaterThan(400);
    const rows = await ctx.db.query<{ i: number; f: string }>(
      `SELECT i::int, tt_search_text(s) AS f FROM unnest($1::text[]) WITH ORDINALITY AS u(s, i)`,
      [samples],
    );
    const mismatches = rows.filter((r) => r.f !== toSearchText(samples[r.i - 1])).map((r) => `${samples[r.i - 1]} → sql "${r.f}" js "${toSearchText(samples[r.i - 1])}"`);
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength(samples.length);
  });
});
