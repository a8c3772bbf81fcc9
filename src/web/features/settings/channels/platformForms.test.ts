import { describe, expect, it } from 'vitest';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { messengerForm } from './MessengerFields';
import { needsReconnect } from './NeedsReconnectAlert';
import { zaloForm } from './ZaloFields';
import { parseParams } from './znsMapping';

const account = (kind: string, config: Record<string, unknown>, more: Partial<ChannelAccountDto> = {}): ChannelAccountDto => ({
  id: 'a1', kind, name: 'x', address: 'k3y', config, secretsSet: {}, status: 'ok', statusMessage: null, enabled: true, createdAt: '2026-12-03T00:00:00.000Z', ...more,
});

describe('Zalo OA form', () => {
  it('round-trips ids as strings, the ZNS templates by purpose and settings it does not edit; untouched secrets are left out', () => {
    const stored = {
      appId: '1800000000000000001', oaId: '4318000000000000123', oaName: 'Hoa Sen',
      zns: { templates: { survey: { templateId: '301245', params: { customer_name: '{{customer.name}}', link: '{{survey.url}}' } } } },
    };
    const input = zaloForm.toInput(zaloForm.init(account('zalo', stored, { secretsSet: { appSecret: true, accessToken: true } })));
    expect(input.secrets).toBeUndefined();
    expect(input.config).toEqual(stored);
  });

  it('sends only typed secrets (tokens go through their own call), and drops a purpose without a template id', () => {
    const f = { ...zaloForm.init(), appId: ' 123 ', appSecret: 'app-secret-1' };
    expect(zaloForm.toInput(f).secrets).toEqual({ appSecret: 'app-secret-1' });
    expect(zaloForm.toInput({ ...f, connectBy: 'tokens' }).secrets).toEqual({ appSecret: 'app-secret-1' });
    const zns = { ...f.zns, reminder: { templateId: ' 77 ', params: 'a = {{customer.name}}\n\nb' }, survey: { templateId: '', params: 'x = y' } };
    expect(zaloForm.toInput({ ...f, zns }).config).toEqual({ appId: '123', oaId: undefined, zns: { templates: { reminder: { templateId: '77', params: { a: '{{customer.name}}', b: '' } } } } });
  });

  it('reads "name = value" lines, values keeping their own "="', () => {
    expect(parseParams(' link = {{survey.url}}?a=1 \n\n  = nameless\nonly')).toEqual({ link: '{{survey.url}}?a=1', only: '' });
  });
});

describe('Messenger form', () => {
  it('keeps the Page id as a string and the HUMAN_AGENT choice; a generated verify token is sent and shown once', () => {
    const stored = { pageId: '100000000000001', pageName: 'Điện máy', humanAgentTag: true, demo: true };
    const form = messengerForm.init(account('messenger', stored));
    expect(messengerForm.toInput(form)).toEqual({ config: stored, secrets: undefined });
    const typed = { ...form, pageAccessToken: 'EAAB-token', verifyToken: 'v3rify-me', generated: true };
    expect(messengerForm.toInput(typed).secrets).toEqual({ pageAccessToken: 'EAAB-token', verifyToken: 'v3rify-me' });
    expect(messengerForm.shownOnce?.(typed)).toBe('v3rify-me');
  });
});

describe('reconnect alert', () => {
  it('is for enabled Zalo/Messenger accounts in error, never for demo accounts or other kinds', () => {
    expect(needsReconnect(account('zalo', {}, { status: 'error' }))).toBe(true);
    expect(needsReconnect(account('messenger', {}, { status: 'error' }))).toBe(true);
    expect(needsReconnect(account('zalo', {}, { status: 'error', enabled: false }))).toBe(false);
    expect(needsReconnect(account('zalo', { demo: true }, { status: 'error' }))).toBe(false);
    expect(needsReconnect(account('email', {}, { status: 'error' }))).toBe(false);
    expect(needsReconnect(account('zalo', {}))).toBe(false);
  });
});
