import { describe, expect, it } from 'vitest';
import { literalLimit } from './literal-limit.js';

describe('literalLimit', () => {
  it('writes a positive whole number as it is', () => {
    expect(literalLimit(1)).toBe('1');
    expect(literalLimit(101)).toBe('101');
  });

  it('refuses anything that is not a positive whole number, so nothing else reaches the SQL text', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '10; DROP TABLE tickets' as unknown as number]) {
      expect(() => literalLimit(bad)).toThrow(/bad row limit/);
    }
  });
});
