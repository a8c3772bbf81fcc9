import { Alert, Button, Fieldset, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { ApiError } from '../../../lib/api';
import { notifySuccess } from '../../../lib/apiErrors';
import { accountFieldErrors, channelErrorText } from './channelErrors';
import { CreatedPlatformHints } from './CreatedPlatformHints';
import { useSaveChannelAccount } from './channelsApi';
import { KIND_FORMS } from './kindForms';
import { phoneWebhookUrl } from './PhoneFields';
import type { KindForm } from './types';
import { CopyField, WidgetSnippet } from './WidgetSnippet';

interface Props {
  kind: string;
  /** The account to edit; undefined to add one. */
  account?: ChannelAccountDto;
  /** Supervisors may look at the settings (and copy the snippet) but not change them. */
  readOnly?: boolean;
  onClose: () => void;
}

/**
 * Add or edit one mailbox / widget / telephony endpoint. The server tests the settings before saving,
 * so its answer (IMAP login refused …) is shown on the form. After adding a widget or a telephony
 * endpoint the modal shows what to paste elsewhere (snippet, webhook URL and key).
 */
export function ChannelAccountModal(props: Props) {
  // The page offers only kinds that have a form.
  return KIND_FORMS[props.kind]?.withForm((kf) => <AccountModal {...props} kf={kf} />) ?? null;
}

function AccountModal<F>({ kind, account, readOnly = false, onClose, kf }: Props & { kf: KindForm<F> }) {
  const { t } = useTranslation('channels');
  const save = useSaveChannelAccount();
  const [name, setName] = useState(account?.name ?? '');
  const [form, setForm] = useState(() => kf.init(account));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<ChannelAccountDto | null>(null);
  const phoneScreen = useMediaQuery('(max-width: 36em)');

  const set = (patch: Partial<F>) => {
    setForm((f) => ({ ...f, ...patch }));
    // An edited field's server error no longer applies ("imap.host" is the error of field imapHost).
    const edited = (errKey: string) => Object.keys(patch).some((p) => errKey.replace(/\./g, '').toLowerCase().startsWith(p.toLowerCase()));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !edited(k))));
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const input = { kind, name: name.trim() || kf.defaultName?.(form) || t(`kinds.${kind}.title`), ...kf.toInput(form) };
    save.mutate(
      { id: account?.id, input },
      {
        onSuccess: (saved) => {
          notifySuccess(t(account ? 'saved' : 'added'));
          if (!account && ['webchat', 'phone', 'zalo', 'messenger'].includes(kind)) setCreated(saved);
          else onClose();
        },
        onError: (err) => {
          const fe = accountFieldErrors(err);
          setErrors(fe);
          // Connection tests and anything else are also said above the buttons (a field may be out of sight);
          // a taken address is said on the address field alone.
          if (!(err instanceof ApiError && err.id === 'channel.address_taken' && fe.address)) setFormError(channelErrorText(err));
        },
      },
    );
  };

  const title = account ? t(readOnly ? 'viewTitle' : 'editTitle', { name: account.name }) : t(`kinds.${kind}.add`);
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{title}</Text>} size={kind === 'phone' ? 'lg' : 'xl'} fullScreen={phoneScreen} centered closeOnClickOutside={false} data-testid="account-modal">
      {created ? (
        <CreatedView account={created} generatedSecret={kf.shownOnce?.(form) ?? null} onClose={onClose} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {account && kind === 'webchat' && <WidgetSnippet widgetKey={account.address} />}
            <Fieldset variant="unstyled" disabled={readOnly}>
            <Stack>
            <TextInput
              label={t('name')}
              description={t('nameHint')}
              placeholder={t(`kinds.${kind}.namePlaceholder`)}
              name="name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              data-autofocus
            />
            <kf.Fields form={form} set={set} errors={errors} account={account} />
            </Stack>
            </Fieldset>
            {formError && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="account-form-error">
                {formError}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t(readOnly ? 'close' : 'cancel')}
              </Button>
              {!readOnly && (
                <Button type="submit" loading={save.isPending} data-testid="account-save">
                  {t(account ? 'save' : 'testAndAdd')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Right after adding: what to paste into the website or the PBX. */
function CreatedView({ account, generatedSecret, onClose }: { account: ChannelAccountDto; generatedSecret: string | null; onClose: () => void }) {
  const { t } = useTranslation('channels');
  return (
    <Stack>
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
        {t(`kinds.${account.kind}.createdIntro`, { name: account.name })}
      </Alert>
      {account.kind === 'webchat' && <WidgetSnippet widgetKey={account.address} />}
      <CreatedPlatformHints account={account} generatedSecret={generatedSecret} />
      {account.kind === 'phone' && (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('phone.webhookUrl')}
          </Text>
          <CopyField value={phoneWebhookUrl(account.address)} testId="webhook-url" />
          {generatedSecret && (
            <>
              <Text size="sm" fw={500}>
                {t('phone.signingSecret')}
              </Text>
              <CopyField value={generatedSecret} testId="created-secret" />
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
                {t('phone.shownOnce')}
              </Alert>
            </>
          )}
        </Stack>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} data-testid="account-done">
          {t('done')}
        </Button>
      </Group>
    </Stack>
  );
}
