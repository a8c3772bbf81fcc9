import { Alert, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { NeedsReconnectAlert } from './NeedsReconnectAlert';
import { randomSecret } from './randomSecret';
import { SecretInput } from './SecretInput';
import { CopyField } from './WidgetSnippet';
import type { KindFieldsProps, KindForm } from './types';

/** Where Facebook posts the Page's events (GET answers the verification, POST carries signed events). */
export const messengerWebhookUrl = (address: string, origin = window.location.origin) => `${origin}/api/hooks/messenger/${address}`;

export interface MessengerForm {
  pageId: string;
  pageName: string;
  humanAgentTag: boolean;
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  /** The verify token was made here: shown in clear so the admin copies it into the app's webhook settings. */
  generated: boolean;
  /** Settings this form does not edit (the demo flag …), sent back unchanged. */
  rest: Record<string, unknown>;
}

const EDITED = ['pageId', 'pageName', 'humanAgentTag'];

function init(account?: ChannelAccountDto): MessengerForm {
  const c = readConfig(account?.config);
  const rest = Object.fromEntries(Object.entries(account?.config ?? {}).filter(([k]) => !EDITED.includes(k)));
  return {
    pageId: c.str('pageId') ?? '',
    pageName: c.str('pageName') ?? '',
    humanAgentTag: c.bool('humanAgentTag') ?? false,
    pageAccessToken: '',
    appSecret: '',
    verifyToken: '',
    generated: false,
    rest,
  };
}

function toInput(f: MessengerForm) {
  const secrets: Record<string, string> = {};
  if (f.pageAccessToken) secrets.pageAccessToken = f.pageAccessToken;
  if (f.appSecret) secrets.appSecret = f.appSecret;
  if (f.verifyToken) secrets.verifyToken = f.verifyToken;
  return {
    config: { ...f.rest, pageId: f.pageId.trim(), pageName: f.pageName.trim() || undefined, humanAgentTag: f.humanAgentTag },
    secrets: Object.keys(secrets).length ? secrets : undefined,
  };
}

/**
 * A Facebook Page on Messenger: the Page id, its access token, the app secret that signs the webhook,
 * the verify token Facebook echoes when the webhook is set up, the webhook URL, and whether the app may
 * answer up to 7 days late with the HUMAN_AGENT tag.
 */
function MessengerFields({ form: f, set, errors, account }: KindFieldsProps<MessengerForm>) {
  const { t } = useTranslation('channels-messenger');
  const demo = readConfig(account?.config).bool('demo') === true;
  return (
    <Stack gap="sm">
      {account && <NeedsReconnectAlert account={account} />}
      {demo && (
        <Alert color="grape" variant="light" icon={<IconInfoCircle size={18} />} data-testid="demo-account">
          {t('demo')}
        </Alert>
      )}
      <Group grow align="flex-start">
        <TextInput label={t('pageId')} description={t('pageIdHint')} name="pageId" inputMode="numeric" value={f.pageId} onChange={(e) => set({ pageId: e.currentTarget.value })} error={errors.pageId} required />
        <TextInput label={t('pageName')} name="pageName" value={f.pageName} onChange={(e) => set({ pageName: e.currentTarget.value })} error={errors.pageName} />
      </Group>
      <SecretInput label={t('pageAccessToken')} description={t('pageAccessTokenHint')} name="pageAccessToken" value={f.pageAccessToken} onChange={(v) => set({ pageAccessToken: v })} stored={!!account?.secretsSet.pageAccessToken} error={errors.pageAccessToken} />
      <SecretInput label={t('appSecret')} description={t('appSecretHint')} name="appSecret" value={f.appSecret} onChange={(v) => set({ appSecret: v })} stored={!!account?.secretsSet.appSecret} error={errors.appSecret} />

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('webhookUrl')}
        </Text>
        {account ? <CopyField value={messengerWebhookUrl(account.address)} testId="webhook-url" /> : <Text size="sm" c="dimmed">{t('webhookAfterSave')}</Text>}
        <Text size="xs" c="dimmed">
          {t('webhookFields')}
        </Text>
      </Stack>

      <Group align="flex-end" wrap="nowrap">
        <div style={{ flex: 1 }}>
          {f.generated ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('verifyToken')}
              </Text>
              <CopyField value={f.verifyToken} testId="generated-verify-token" />
            </Stack>
          ) : (
            <SecretInput label={t('verifyToken')} description={t('verifyTokenHint')} name="verifyToken" value={f.verifyToken} onChange={(v) => set({ verifyToken: v })} stored={!!account?.secretsSet.verifyToken} error={errors.verifyToken} />
          )}
        </div>
        <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => set({ verifyToken: randomSecret(24), generated: true })} data-testid="generate-verify-token">
          {t('generate')}
        </Button>
      </Group>
      {errors.verifyToken && f.generated && (
        <Text size="sm" c="red">
          {errors.verifyToken}
        </Text>
      )}

      <Switch
        checked={f.humanAgentTag}
        onChange={(e) => set({ humanAgentTag: e.currentTarget.checked })}
        label={t('humanAgent')}
        description={t('humanAgentHint')}
        data-testid="human-agent"
      />
      {f.humanAgentTag && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
          {t('humanAgentWarning')}
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        {t('guide')}
      </Text>
    </Stack>
  );
}

export const messengerForm: KindForm<MessengerForm> = {
  init,
  toInput,
  Fields: MessengerFields,
  defaultName: (f) => f.pageName.trim() || (f.pageId.trim() ? `Facebook Page ${f.pageId.trim()}` : ''),
  shownOnce: (f) => (f.generated ? f.verifyToken : null),
};
