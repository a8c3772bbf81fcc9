import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { randomSecret } from './randomSecret';
import { SecretInput } from './SecretInput';
import { CopyField } from './WidgetSnippet';
import type { KindFieldsProps, KindForm } from './types';

/**
 * Where the PBX integrator reads the webhook's payload and signature: the OpenAPI page of this server
 * (tag "channels", POST /api/hooks/phone/:key), which points on to docs/telephony-webhook.md in the source.
 */
export const TELEPHONY_DOCS_URL = '/api/docs#/channels';

export interface PhoneForm {
  provider: string;
  hotline: string;
  signingSecret: string;
  /** The secret was made here: show it in clear once so the admin copies it into the PBX. */
  generated: boolean;
}

export const phoneWebhookUrl = (address: string, origin = window.location.origin) => `${origin}/api/hooks/phone/${address}`;

function init(account?: ChannelAccountDto): PhoneForm {
  const c = readConfig(account?.config);
  return { provider: c.str('provider') ?? '', hotline: c.str('hotline') ?? '', signingSecret: '', generated: false };
}

function toInput(f: PhoneForm) {
  return {
    config: { provider: f.provider.trim() || undefined, hotline: f.hotline.trim() || undefined },
    secrets: f.signingSecret ? { signingSecret: f.signingSecret } : undefined,
  };
}

/** Telephony endpoint: provider and hotline for display, the HMAC key shared with the PBX, the webhook URL. */
function PhoneFields({ form: f, set, errors, account }: KindFieldsProps<PhoneForm>) {
  const { t } = useTranslation('channels');
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <TextInput label={t('phone.provider')} placeholder={t('phone.providerPlaceholder')} name="provider" value={f.provider} onChange={(e) => set({ provider: e.currentTarget.value })} error={errors.provider} />
        <TextInput label={t('phone.hotline')} placeholder="1900 6868" name="hotline" value={f.hotline} onChange={(e) => set({ hotline: e.currentTarget.value })} error={errors.hotline} />
      </Group>
      <Group align="flex-end" wrap="nowrap">
        <div style={{ flex: 1 }}>
          {f.generated ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('phone.signingSecret')}
              </Text>
              <CopyField value={f.signingSecret} testId="generated-secret" />
            </Stack>
          ) : (
            <SecretInput
              label={t('phone.signingSecret')}
              name="signingSecret"
              description={t('phone.signingSecretHint')}
              value={f.signingSecret}
              onChange={(v) => set({ signingSecret: v })}
              stored={!!account?.secretsSet.signingSecret}
              error={errors.signingSecret}
            />
          )}
        </div>
        <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => set({ signingSecret: randomSecret(32), generated: true })} data-testid="generate-secret">
          {t('phone.generate')}
        </Button>
      </Group>
      {f.generated && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
          {t('phone.generatedWarning')}
        </Alert>
      )}
      {errors.signingSecret && f.generated && (
        <Text size="sm" c="red">
          {errors.signingSecret}
        </Text>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('phone.webhookUrl')}
        </Text>
        {account ? (
          <CopyField value={phoneWebhookUrl(account.address)} testId="webhook-url" />
        ) : (
          <Text size="sm" c="dimmed">
            {t('phone.webhookAfterSave')}
          </Text>
        )}
        <Anchor href={TELEPHONY_DOCS_URL} target="_blank" size="sm">
          <Group gap={4} component="span">
            {t('phone.docs')} <IconExternalLink size={14} />
          </Group>
        </Anchor>
        <Text size="xs" c="dimmed">
          {t('phone.docsHint')}
        </Text>
      </Stack>
    </Stack>
  );
}

export const phoneForm: KindForm<PhoneForm> = {
  init,
  toInput,
  Fields: PhoneFields,
  defaultName: (f) => f.provider.trim() || f.hotline.trim(),
  shownOnce: (f) => (f.generated ? f.signingSecret : null),
};
