import { describe, expect, it } from 'vitest';
import { publicUrlMismatch } from './publicUrl';

describe('publicUrlMismatch', () => {
  const local = { url: 'http://localhost:3202', configured: false };
  it('warns when the app is opened at another address than the one links use', () => {
    expect(publicUrlMismatch(local, 'https://cskh.hoasen.vn')).toBe(true);
    expect(publicUrlMismatch(local, 'http://192.168.1.20:3202')).toBe(true);
    expect(publicUrlMismatch(local, 'http://localhost:8080')).toBe(true);
  });
  it('stays quiet for the same place under another loopback name, or when PUBLIC_URL is set', () => {
    expect(publicUrlMismatch(local, 'http://localhost:3202')).toBe(false);
    expect(publicUrlMismatch(local, 'http://127.0.0.1:3202')).toBe(false);
    expect(publicUrlMismatch({ url: 'https://cskh.hoasen.vn', configured: true }, 'http://localhost:3202')).toBe(false);
  });
});
