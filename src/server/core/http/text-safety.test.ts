import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { cleanString, cleanValue, loggableError, MAX_DEPTH } from './text-safety.js';

describe('text safety (issue 9 §7)', () => {
  it('removes NUL and replaces lone surrogates, keeping real pairs and Vietnamese', () => {
    expect(cleanString('Tiếng\u0000 Việt')).toBe('Tiếng Việt');
    expect(cleanString('a\ud800b\udfffc')).toBe('a\ufffdb\ufffdc');
    expect(cleanString('😀 \ud83d\ude00')).toBe('😀 😀');
    expect(cleanString('x\ud83d')).toBe('x\ufffd');
  });

  it('cleans every string and key of a value in place, refuses nesting past the limit', () => {
    const v = { 'k\u0000': ['a\u0000', { b: '\udc00' }], n: 1 };
    expect(cleanValue(v)).toEqual({ k: ['a', { b: '\ufffd' }], n: 1 });
    // The router's params and the parsed querystring are objects with their own prototypes.
    const params = Object.assign(Object.create(Object.create(null)), { key: 'a\u0000b' });
    expect(cleanValue(params).key).toBe('ab');
    expect(cleanValue({ file: Buffer.from('a\u0000') }).file).toEqual(Buffer.from('a\u0000'));
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    expect(() => cleanValue(deep)).toThrow(AppError);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH - 2; i++) ok = { a: ok };
    expect(() => cleanValue(ok)).not.toThrow();
  });

  it("logs an error's type, code and SQL text, never its parameters, detail or quoted values", () => {
    const err = Object.assign(new Error('invalid input syntax for type uuid: "bi.mat@example.vn"'), {
      code: '22P02',
      query: 'SELECT * FROM customers WHERE id = $1',
      params: ['bi.mat@example.vn', 'Nguyễn Bí Mật'],
      detail: 'Key (email)=(bi.mat@example.vn) already exists.',
      where: 'Nguyễn Bí Mật',
    });
    const logged = JSON.stringify(loggableError(err));
    expect(logged).not.toContain('bi.mat@example.vn');
    expect(logged).not.toContain('Bí Mật');
    expect(loggableError(err)).toMatchObject({ code: '22P02', query: 'SELECT * FROM customers WHERE id = $1', message: 'invalid input syntax for type uuid: "…"' });
  });
});
