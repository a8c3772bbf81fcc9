import { Alert, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { NeedsReconnectAlert } from './NeedsReconnectAlert';
import { SecretInput } from './SecretInput';
import { CopyField } from './WidgetSnippet';
import { ZaloConnectButton } from './ZaloConnectButton';
import { ZaloPasteTokens } from './ZaloPasteTokens';
import { zaloWebhookUrl } from './zaloApi';
import type { KindFieldsProps, KindForm } from './types';
import { ZnsTemplateFields } from './ZnsTemplateFields';
import { znsConfigFrom, znsRowsFrom, type ZnsFormRows } from './znsMapping';

export interface ZaloForm {
  appId: string;
  oaId: string;
  appSecret: string;
  oaSecretKey: string;
  /** oauth: "Kết nối với Zalo" after saving; tokens: the business pastes a token pair from its own app. */
  connectBy: 'oauth' | 'tokens';
  /** ZNS templates by purpose (config.zns). */
  zns: ZnsFormRows;
  /** Settings this form does not edit (demo flag …), sent back unchanged. */
  rest: Record<string, unknown>;
}

const EDITED = ['appId', 'oaId', 'zns'];

function init(account?: ChannelAccountDto): ZaloForm {
  const c = readConfig(account?.config);
  const rest = Object.fromEntries(Object.entries(account?.config ?? {}).filter(([k]) => !EDITED.includes(k)));
  return { appId: c.str('appId') ?? '', oaId: c.str('oaId') ?? '', appSecret: '', oaSecretKey: '', connectBy: 'oauth', zns: znsRowsFrom(account?.config), rest };
}

function toInput(f: ZaloForm) {
  const secrets: Record<string, string> = {};
  if (f.appSecret) secrets.appSecret = f.appSecret;
  if (f.oaSecretKey) secrets.oaSecretKey = f.oaSecretKey;
  return {
    config: { ...f.rest, appId: f.appId.trim(), oaId: f.oaId.trim() || undefined, zns: znsConfigFrom(f.zns) },
    secrets: Object.keys(secrets).length ? secrets : undefined,
  };
}

/**
 * A Zalo Official Account: the Zalo app (id, secret), the OA secret key that signs the webhook, how
 * the tokens come (Zalo's permission page, or pasted), the webhook URL to paste into the app, and the
 * ZNS templates used outside the 48-hour window.
 */
function ZaloFields({ form: f, set, errors, account }: KindFieldsProps<ZaloForm>) {
  const { t } = useTranslation('channels-zalo');
  const demo = readConfig(account?.config).bool('demo') === true;
  const connected = !!account?.secretsSet.accessToken || !!account?.secretsSet.refreshToken;
  return (
    <Stack gap="sm">
      {account && <NeedsReconnectAlert account={account} />}
      {demo && (
        <Alert color="grape" variant="light" icon={<IconInfoCircle size={18} />} data-testid="demo-account">
          {t('demo')}
        </Alert>
      )}
      <Group grow align="flex-start">
        <TextInput label={t('appId')} description={t('appIdHint')} name="appId" inputMode="numeric" value={f.appId} onChange={(e) => set({ appId: e.currentTarget.value })} error={errors.appId} required />
        <TextInput label={t('oaId')} description={t('oaIdHint')} name="oaId" inputMode="numeric" value={f.oaId} onChange={(e) => set({ oaId: e.currentTarget.value })} error={errors.oaId} />
      </Group>
      <Group grow align="flex-start">
        <SecretInput label={t('appSecret')} description={t('appSecretHint')} name="appSecret" value={f.appSecret} onChange={(v) => set({ appSecret: v })} stored={!!account?.secretsSet.appSecret} error={errors.appSecret} />
        <SecretInput label={t('oaSecretKey')} description={t('oaSecretKeyHint')} name="oaSecretKey" value={f.oaSecretKey} onChange={(v) => set({ oaSecretKey: v })} stored={!!account?.secretsSet.oaSecretKey} error={errors.oaSecretKey} />
      </Group>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('webhookUrl')}
        </Text>
        {account ? <CopyField value={zaloWebhookUrl(account.address)} testId="webhook-url" /> : <Text size="sm" c="dimmed">{t('webhookAfterSave')}</Text>}
        <Text size="xs" c="dimmed">
          {t('webhookEvents')}
        </Text>
      </Stack>

      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('connectBy')}
        </Text>
        <SegmentedControl
          value={f.connectBy}
          onChange={(v) => set({ connectBy: v === 'tokens' ? 'tokens' : 'oauth' })}
          data={[
            { value: 'oauth', label: t('byOAuth') },
            { value: 'tokens', label: t('byTokens') },
          ]}
          data-testid="zalo-connect-by"
        />
        {f.connectBy === 'oauth' ? (
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              {t(account ? (connected ? 'oauthConnected' : 'oauthHint') : 'oauthAfterSave')}
            </Text>
            {account && !demo && (
              <Group>
                <ZaloConnectButton accountId={account.id} reconnect={connected} />
              </Group>
            )}
          </Stack>
        ) : (
          <ZaloPasteTokens account={account} oaId={f.oaId} />
        )}
      </Stack>

      <ZnsTemplateFields rows={f.zns} onChange={(p, patch) => set({ zns: { ...f.zns, [p]: { ...f.zns[p], ...patch } } })} errors={errors} />

      <Text size="xs" c="dimmed">
        {t('guide')}
      </Text>
    </Stack>
  );
}

export const zaloForm: KindForm<ZaloForm> = {
  init,
  toInput,
  Fields: ZaloFields,
  defaultName: (f) => (f.oaId.trim() ? `Zalo OA ${f.oaId.trim()}` : ''),
};
