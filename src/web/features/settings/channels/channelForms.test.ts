import { describe, expect, it } from 'vitest';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { ApiError } from '../../../lib/api';
import { EmailAccountConfigSchema } from '../../../../server/areas/channels/email';
import { WebchatAccountConfigSchema } from '../../../../server/areas/channels/webchat';
import { accountFieldErrors } from './channelErrors';
import { emailForm } from './EmailFields';
import { phoneForm } from './PhoneFields';
import { randomSecret } from './randomSecret';
import { webchatForm } from './WebchatFields';

const account = (kind: string, config: Record<string, unknown>, secretsSet: Record<string, boolean> = {}): ChannelAccountDto => ({
  id: 'a1',
  kind,
  name: 'x',
  address: 'k3y',
  config,
  secretsSet,
  status: 'ok',
  statusMessage: null,
  enabled: true,
  createdAt: '2026-11-22T00:00:00.000Z',
});

describe('mailbox form', () => {
  it('round-trips a stored IMAP mailbox; untouched passwords are left out (kept by the server)', () => {
    const stored = { address: 'cskh@hoasen.vn', displayName: 'CSKH', inbound: 'imap', imap: { host: 'imap.hoasen.vn', port: 993, secure: true, user: 'cskh', folder: 'INBOX' }, smtp: { host: 'smtp.hoasen.vn', port: 587, secure: false, user: 'cskh' } };
    const form = emailForm.init(account('email', stored, { imapPassword: true, smtpPassword: true }));
    expect(form.imapPassword).toBe('');
    const input = emailForm.toInput(form);
    expect(input.secrets).toBeUndefined();
    expect(EmailAccountConfigSchema.parse(input.config)).toEqual(stored);
  });

  it('forwarding sends no IMAP settings or IMAP password; a typed SMTP password is sent', () => {
    const form = { ...emailForm.init(), address: ' CSKH@HoaSen.vn ', inbound: 'forward' as const, imapPassword: 'left-over', smtpHost: 'smtp.hoasen.vn', smtpPort: '', smtpPassword: 'bí-mật' };
    const input = emailForm.toInput(form);
    expect(input.config.imap).toBeUndefined();
    expect(input.secrets).toEqual({ smtpPassword: 'bí-mật' });
    expect(EmailAccountConfigSchema.parse(input.config)).toMatchObject({ address: 'cskh@hoasen.vn', inbound: 'forward', smtp: { host: 'smtp.hoasen.vn', port: 587 } });
  });
});

describe('chat widget form', () => {
  it("sends what the server's schema accepts; origins lose a trailing slash", () => {
    const form = { ...webchatForm.init(), color: '#C2255C', allowedOrigins: ['https://hoasen.vn/', ' https://m.hoasen.vn '], preEmail: 'required' as const, maxUploadMb: '' };
    const parsed = WebchatAccountConfigSchema.parse(webchatForm.toInput(form).config);
    expect(parsed).toMatchObject({ color: '#c2255c', allowedOrigins: ['https://hoasen.vn', 'https://m.hoasen.vn'], preChat: { name: 'optional', phone: 'optional', email: 'required' }, maxUploadMb: 5 });
  });
});

describe('telephony form', () => {
  it('sends the signing key only when one was typed or generated', () => {
    expect(phoneForm.toInput(phoneForm.init(account('phone', { hotline: '1900 6868' }, { signingSecret: true }))).secrets).toBeUndefined();
    expect(phoneForm.toInput({ ...phoneForm.init(), signingSecret: 'k'.repeat(32), generated: true }).secrets).toEqual({ signingSecret: 'k'.repeat(32) });
  });

  it('generates 32 letters and digits, different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => randomSecret()));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});

describe('server errors on the account form', () => {
  it('puts zod issues on config/secret fields by their path', () => {
    const err = new ApiError(400, 'validation.failed', 'Invalid config', [
      { path: ['config', 'imap', 'host'], message: 'Too small' },
      { path: 'body.name', message: 'Required' },
      { path: ['secrets', 'signingSecret'], message: 'at least 16 characters' },
    ]);
    expect(accountFieldErrors(err)).toEqual({ 'imap.host': 'Too small', name: 'Required', signingSecret: 'at least 16 characters' });
  });

  it('puts a taken address on the address field', () => {
    const fe = accountFieldErrors(new ApiError(409, 'channel.address_taken', 'The address x is already connected'));
    expect(Object.keys(fe)).toEqual(['address']);
  });
});
