import { Alert, Code, Divider, Group, NumberInput, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { SecretInput } from './SecretInput';
import type { KindFieldsProps, KindForm } from './types';

/**
 * The built-in SMTP receiver listens on SMTP_RECEIVER_PORT (default 2525). The browser cannot read the
 * server's env, so we show the default and say where it is changed rather than adding an endpoint.
 */
export const SMTP_RECEIVER_DEFAULT_PORT = 2525;

export interface EmailForm {
  address: string;
  displayName: string;
  inbound: 'imap' | 'forward';
  imapHost: string;
  imapPort: number | string;
  imapSecure: boolean;
  imapUser: string;
  imapFolder: string;
  imapPassword: string;
  smtpHost: string;
  smtpPort: number | string;
  smtpSecure: boolean;
  smtpUser: string;
  smtpPassword: string;
}

const num = (v: number | string, fallback: number) => (v === '' || v === undefined ? fallback : Number(v));

function init(account?: ChannelAccountDto): EmailForm {
  const c = readConfig(account?.config);
  const imap = c.at('imap');
  const smtp = c.at('smtp');
  return {
    address: c.str('address') ?? '',
    displayName: c.str('displayName') ?? '',
    inbound: c.str('inbound') === 'forward' ? 'forward' : 'imap',
    imapHost: imap.str('host') ?? '',
    imapPort: imap.num('port') ?? 993,
    imapSecure: imap.bool('secure') ?? true,
    imapUser: imap.str('user') ?? '',
    imapFolder: imap.str('folder') ?? 'INBOX',
    imapPassword: '',
    smtpHost: smtp.str('host') ?? '',
    smtpPort: smtp.num('port') ?? 587,
    smtpSecure: smtp.bool('secure') ?? false,
    smtpUser: smtp.str('user') ?? '',
    smtpPassword: '',
  };
}

function toInput(f: EmailForm) {
  const config: Record<string, unknown> = {
    address: f.address.trim(),
    displayName: f.displayName.trim() || undefined,
    inbound: f.inbound,
    imap:
      f.inbound === 'imap'
        ? { host: f.imapHost.trim(), port: num(f.imapPort, 993), secure: f.imapSecure, user: f.imapUser.trim(), folder: f.imapFolder.trim() || 'INBOX' }
        : undefined,
    smtp: f.smtpHost.trim()
      ? { host: f.smtpHost.trim(), port: num(f.smtpPort, 587), secure: f.smtpSecure, user: f.smtpUser.trim() || undefined }
      : undefined,
  };
  const secrets: Record<string, string> = {};
  if (f.imapPassword && f.inbound === 'imap') secrets.imapPassword = f.imapPassword;
  if (f.smtpPassword) secrets.smtpPassword = f.smtpPassword;
  return { config, secrets: Object.keys(secrets).length ? secrets : undefined };
}

/**
 * Whether the server, port, user or TLS of IMAP/SMTP differ from the saved account: the saved password
 * then no longer applies (the server refuses to send it to another server, channel.secret_required),
 * so the field asks for it again instead of offering the stored one.
 */
export function movedEndpoints(f: EmailForm, account?: ChannelAccountDto): { imap: boolean; smtp: boolean } {
  if (!account) return { imap: false, smtp: false };
  const was = init(account);
  const same = (a: number | string, b: number | string) => String(a) === String(b);
  return {
    imap: f.imapHost.trim() !== was.imapHost || !same(f.imapPort, was.imapPort) || f.imapUser.trim() !== was.imapUser || f.imapSecure !== was.imapSecure,
    smtp: f.smtpHost.trim() !== was.smtpHost || !same(f.smtpPort, was.smtpPort) || f.smtpUser.trim() !== was.smtpUser || f.smtpSecure !== was.smtpSecure,
  };
}

/** Mailbox settings: the address, how mail comes in (IMAP or forwarding to us), how replies go out (SMTP). */
function EmailFields({ form: f, set, errors, account }: KindFieldsProps<EmailForm>) {
  const { t } = useTranslation(['channels', 'mailboxSecurity']);
  const saved = account?.secretsSet ?? {};
  const moved = movedEndpoints(f, account);
  // A moved endpoint's saved password is not offered: it must be typed again.
  const stored = { imapPassword: !!saved.imapPassword && !moved.imap, smtpPassword: !!saved.smtpPassword && !moved.smtp };
  const again = (which: 'imap' | 'smtp') => (moved[which] && saved[`${which}Password`] ? t('mailboxSecurity:passwordAgain') : undefined);
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <TextInput
          label={t('email.address')}
          placeholder="cskh@cuahang.vn"
          required
          type="email"
          name="address"
          value={f.address}
          onChange={(e) => set({ address: e.currentTarget.value })}
          error={errors.address}
        />
        <TextInput
          label={t('email.displayName')}
          placeholder={t('email.displayNamePlaceholder')}
          name="displayName"
          value={f.displayName}
          onChange={(e) => set({ displayName: e.currentTarget.value })}
          error={errors.displayName}
        />
      </Group>

      <Divider label={t('email.inboundTitle')} labelPosition="left" mt="xs" />
      <SegmentedControl
        value={f.inbound}
        onChange={(v) => set({ inbound: v as EmailForm['inbound'] })}
        data={[
          { value: 'imap', label: t('email.inboundImap') },
          { value: 'forward', label: t('email.inboundForward') },
        ]}
        data-testid="email-inbound"
      />
      {f.inbound === 'imap' ? (
        <Stack gap="sm">
          {errors.imap && (
            <Text size="sm" c="red">
              {errors.imap}
            </Text>
          )}
          <Group grow align="flex-start">
            <TextInput label={t('email.host')} placeholder="imap.gmail.com" required name="imapHost" value={f.imapHost} onChange={(e) => set({ imapHost: e.currentTarget.value })} error={errors['imap.host']} />
            <NumberInput label={t('email.port')} min={1} max={65535} maw={120} name="imapPort" value={f.imapPort} onChange={(v) => set({ imapPort: v })} error={errors['imap.port']} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('email.user')} required name="imapUser" value={f.imapUser} onChange={(e) => set({ imapUser: e.currentTarget.value })} error={errors['imap.user']} />
            <SecretInput label={t('email.password')} name="imapPassword" value={f.imapPassword} onChange={(v) => set({ imapPassword: v })} stored={stored.imapPassword} description={again('imap')} error={errors.imapPassword && (again('imap') ?? errors.imapPassword)} />
          </Group>
          <Group grow align="flex-end">
            <TextInput label={t('email.folder')} name="imapFolder" value={f.imapFolder} onChange={(e) => set({ imapFolder: e.currentTarget.value })} error={errors['imap.folder']} />
            <Switch label={t('email.imapSecure')} checked={f.imapSecure} onChange={(e) => set({ imapSecure: e.currentTarget.checked })} mb={8} />
          </Group>
        </Stack>
      ) : (
        <ForwardInstructions address={f.address} />
      )}

      <Divider label={t('email.smtpTitle')} labelPosition="left" mt="xs" />
      <Text size="xs" c="dimmed" mt={-6}>
        {t('email.smtpHint')}
      </Text>
      <Group grow align="flex-start">
        <TextInput label={t('email.host')} placeholder="smtp.gmail.com" name="smtpHost" value={f.smtpHost} onChange={(e) => set({ smtpHost: e.currentTarget.value })} error={errors['smtp.host'] ?? errors.smtp} />
        <NumberInput label={t('email.port')} min={1} max={65535} maw={120} name="smtpPort" value={f.smtpPort} onChange={(v) => set({ smtpPort: v })} error={errors['smtp.port']} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={t('email.user')} name="smtpUser" value={f.smtpUser} onChange={(e) => set({ smtpUser: e.currentTarget.value })} error={errors['smtp.user']} />
        <SecretInput label={t('email.password')} name="smtpPassword" value={f.smtpPassword} onChange={(v) => set({ smtpPassword: v })} stored={stored.smtpPassword} description={again('smtp')} error={errors.smtpPassword && (again('smtp') ?? errors.smtpPassword)} />
      </Group>
      <Switch label={t('email.smtpSecure')} checked={f.smtpSecure} onChange={(e) => set({ smtpSecure: e.currentTarget.checked })} />
    </Stack>
  );
}

/** Forwarding set-up: where to send the mailbox's mail so our SMTP receiver files it. */
function ForwardInstructions({ address }: { address: string }) {
  const { t } = useTranslation('channels');
  const host = typeof window === 'undefined' ? 'localhost' : window.location.hostname;
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} data-testid="forward-instructions">
      <Text size="sm">{t('email.forwardIntro', { address: address || t('email.yourAddress') })}</Text>
      <Group gap={6} mt={6}>
        <Text size="sm">{t('email.forwardServer')}</Text>
        <Code>
          {host}:{SMTP_RECEIVER_DEFAULT_PORT}
        </Code>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {t('email.forwardNote', { port: SMTP_RECEIVER_DEFAULT_PORT })}
      </Text>
    </Alert>
  );
}

export const emailForm: KindForm<EmailForm> = { init, toInput, Fields: EmailFields, defaultName: (f) => f.displayName.trim() || f.address.trim() };
