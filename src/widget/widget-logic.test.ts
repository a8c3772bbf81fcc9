import { describe, expect, it } from 'vitest';
import { MessageStore } from './message-store';
import { backoffMs } from './socket';
import { fileTypeAllowed } from './ui/composer';
import { fieldError, serverFieldError } from './ui/form';
import { WidgetApiError } from './api';
import { strings } from './i18n';
import { formatDateTime, textColorOn } from './format';
import type { WidgetMessage } from './types';

const msg = (seq: number, over: Partial<WidgetMessage> = {}): WidgetMessage => ({
  id: `m${seq}`,
  seq,
  direction: 'agent',
  body: `tin ${seq}`,
  authorName: 'Bình',
  attachments: [],
  createdAt: new Date(2026, 10, 22, 9, seq).toISOString(),
  clientId: null,
  ...over,
});

describe('widget message store', () => {
  it('keeps each message once whether it came from the POST answer, the socket or the catch-up', () => {
    const s = new MessageStore();
    s.merge([msg(1), msg(2)]);
    // Socket delivered 4 while 3 was missed during a drop; the catch-up brings 3 and 4 again.
    s.merge([msg(4)]);
    expect(s.lastSeq()).toBe(4);
    s.merge([msg(3), msg(4)]);
    expect(s.confirmed().map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(s.merge([msg(3)])).toBe(false);
  });

  it('replaces the optimistic bubble by the stored message with the same clientId', () => {
    const s = new MessageStore();
    s.addPending({ clientId: 'c-1', body: 'Chào shop', attachments: [], createdAt: '', status: 'sending' });
    s.updatePending('c-1', { status: 'failed', retryable: true });
    expect(s.retryable().map((p) => p.clientId)).toEqual(['c-1']);
    // The first send reached the server but its answer was lost: the stored copy arrives over the socket.
    s.merge([msg(5, { direction: 'visitor', clientId: 'c-1', body: 'Chào shop' })]);
    expect(s.pendingList()).toEqual([]);
    expect(s.confirmed()).toHaveLength(1);
  });

  it('counts unread agent messages after the last one seen', () => {
    const s = new MessageStore();
    s.merge([msg(1), msg(2, { direction: 'visitor' }), msg(3), msg(4, { direction: 'system' })]);
    expect(s.lastAgentSeq()).toBe(3);
    expect(s.unreadAfter(0)).toBe(2);
    expect(s.unreadAfter(1)).toBe(1);
    expect(s.unreadAfter(3)).toBe(0);
  });
});

describe('widget helpers', () => {
  it('reconnects after 1 s, 2 s, 4 s … at most 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('checks file types by MIME, wildcard or extension', () => {
    expect(fileTypeAllowed({ name: 'a.png', type: 'image/png' }, ['image/*'])).toBe(true);
    expect(fileTypeAllowed({ name: 'a.exe', type: 'application/x-msdownload' }, ['image/*', 'application/pdf'])).toBe(false);
    expect(fileTypeAllowed({ name: 'Hoá đơn.PDF', type: '' }, ['.pdf'])).toBe(true);
    expect(fileTypeAllowed({ name: 'x', type: 'text/plain' }, [])).toBe(true);
  });

  it('validates pre-chat fields and maps the server 400 to its field', () => {
    const t = strings('vi');
    expect(fieldError('name', '  ', true, t)).toBe('Vui lòng điền thông tin này.');
    expect(fieldError('name', '', false, t)).toBeNull();
    expect(fieldError('email', 'an@', false, t)).toBe('Email không hợp lệ.');
    expect(fieldError('phone', '0912 345 678', true, t)).toBeNull();
    expect(fieldError('phone', '0912abc', true, t)).toBe('Số điện thoại không hợp lệ.');
    const required = new WidgetApiError(400, 'widget.prechat_required', 'phone is required', { field: 'phone' });
    expect(serverFieldError(required, t)).toEqual({ field: 'phone', message: 'Vui lòng điền thông tin này.' });
    const invalid = new WidgetApiError(400, 'validation.failed', 'Invalid', [{ path: ['email'], message: 'Invalid email' }]);
    expect(serverFieldError(invalid, t)).toEqual({ field: 'email', message: 'Email không hợp lệ.' });
    expect(serverFieldError(new WidgetApiError(429, 'widget.rate_limited', 'slow down'), t).field).toBeNull();
  });

  it('formats when the team is back as dd/MM/yyyy HH:mm and picks readable text on the brand colour', () => {
    expect(formatDateTime(new Date(2026, 10, 23, 8, 5).toISOString())).toBe('23/11/2026 08:05');
    expect(textColorOn('#0b7285')).toBe('#fff');
    expect(textColorOn('#ffd43b')).toBe('#1a1b1e');
  });
});
