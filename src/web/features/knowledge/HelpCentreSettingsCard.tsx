import { Anchor, Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { HelpCentreSettings } from '../../../shared/knowledge';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../lib/apiErrors';
import { useHelpCentreSettings, useSaveHelpCentre } from './knowledgeApi';

/** The public help centre's address and on/off switch (managers), with its link. */
export function HelpCentreSettingsCard({ canManage }: { canManage: boolean }) {
  const settings = useHelpCentreSettings();
  if (!settings.data) return null;
  return <HelpCentreForm key={JSON.stringify(settings.data)} settings={settings.data} canManage={canManage} />;
}

function HelpCentreForm({ settings, canManage }: { settings: HelpCentreSettings; canManage: boolean }) {
  const { t } = useTranslation('knowledge');
  const save = useSaveHelpCentre();
  const [slug, setSlug] = useState(settings.slug);
  const [title, setTitle] = useState(settings.title);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const url = `${window.location.origin}/help/${settings.slug}`;
  return (
    <Paper p="md" radius="md">
      <Stack gap="xs">
        <Text fw={600} size="sm">{t('helpCentre.title')}</Text>
        {settings.enabled ? (
          <Anchor href={url} target="_blank" size="sm">{url}</Anchor>
        ) : (
          <Text size="xs" c="dimmed">{t('helpCentre.off')}</Text>
        )}
        {canManage && (
          <>
            <TextInput size="xs" label={t('helpCentre.slug')} value={slug} onChange={(e) => setSlug(e.currentTarget.value)} error={errors.slug} />
            <TextInput size="xs" label={t('helpCentre.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            <Group justify="space-between">
              <Switch size="xs" label={t('helpCentre.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
              <Button
                size="xs"
                loading={save.isPending}
                onClick={() =>
                  save.mutate({ slug, title, enabled }, {
                    onSuccess: () => notifySuccess(t('saved')),
                    onError: (err) => {
                      setErrors(fieldErrorsFrom(err, { 'kb.help_slug_taken': 'slug' }));
                      notifyError(err);
                    },
                  })
                }
              >
                {t('save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
