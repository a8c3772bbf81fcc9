import { describe, expect, it } from 'vitest';
import { headerKeys } from './header-keys.js';

describe('headerKeys', () => {
  it('reads ids and the sender from folded headers, ignoring the body', () => {
    const raw = Buffer.from(
      [
        'From: =?UTF-8?B?Tmd1eeG7hW4gVGjhu4sgSG9h?= <Hoa.Nguyen@Example.VN>',
        'Message-ID:',
        ' <c@x.vn>',
        'In-Reply-To: <b@x.vn>',
        'References: <a@x.vn>',
        '\t<b@x.vn>',
        '',
        'References: <body@x.vn>',
      ].join('\r\n'),
    );
    expect(headerKeys(raw)).toEqual({ id: '<c@x.vn>', refs: ['<b@x.vn>', '<a@x.vn>', '<b@x.vn>'], from: 'hoa.nguyen@example.vn' });
  });
  it('takes a bare sender address and copes with missing headers', () => {
    expect(headerKeys(Buffer.from('From: khach@example.vn\nSubject: x\n\nbody'))).toEqual({ refs: [], from: 'khach@example.vn' });
    expect(headerKeys(Buffer.from(''))).toEqual({ refs: [] });
  });
});
