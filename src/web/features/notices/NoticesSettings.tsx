import { Accordion, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_STATUSES, type NoticeSettings } from '../../../shared/notices';
import { SettingsSection } from '../settings/SettingsSection';
import { useRole } from '../settings/useRole';
import { NoticeLog } from './NoticeLog';
import { TemplateEditor } from './TemplateEditor';
import { useNoticeSettings, useSaveNoticeSettings } from './noticesApi';

function Block({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={4}>{title}</Title>
      {hint && (
        <Text size="sm" c="dimmed" mt={4} mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Card>
  );
}

/** Settings → order notices: per-status switches and templates, quiet hours, the post-delivery survey, and the recent notices. */
export function NoticesSettings() {
  const { t } = useTranslation('notices');
  const { isAdmin } = useRole();
  const saved = useNoticeSettings();
  const save = useSaveNoticeSettings();
  // The edits in progress; null: none (the saved settings are shown).
  const [edit, setEdit] = useState<NoticeSettings | null>(null);
  const draft = edit ?? saved.data ?? null;

  const dirty = !!draft && !!saved.data && JSON.stringify(draft) !== JSON.stringify(saved.data);
  const invalid = !!draft && NOTICE_STATUSES.some((s) => !draft.statuses[s].templates.vi.trim() || !draft.statuses[s].templates.en.trim());
  const locked = !isAdmin;
  const patch = (p: Partial<NoticeSettings>) => draft && setEdit({ ...draft, ...p });

  const onSave = () => {
    if (!draft) return;
    save.mutate(draft, {
      onSuccess: () => {
        setEdit(null);
        notifications.show({ color: 'teal', message: t('saved') });
      },
      onError: (err) => notifications.show({ color: 'red', message: (err as Error).message }),
    });
  };

  return (
    <SettingsSection
      title={t('title')}
      description={t('description')}
      readOnlyNotice={locked && t('readOnly')}
      actions={
        !locked && (
          <>
            {dirty && (
              <Button variant="default" onClick={() => setEdit(null)}>
                {t('reset')}
              </Button>
            )}
            <Button onClick={onSave} disabled={!dirty || invalid} loading={save.isPending}>
              {t('save')}
            </Button>
          </>
        )
      }
    >
      {!draft ? (
        <Skeleton h={240} radius="md" />
      ) : (
        <Stack gap="md">
          <Group justify="space-between" wrap="wrap">
            <Switch size="md" checked={draft.enabled} disabled={locked} onChange={(e) => patch({ enabled: e.currentTarget.checked })} label={t('enabled')} />
            {dirty && (
              <Badge color="yellow" variant="light">
                {t('unsaved')}
              </Badge>
            )}
          </Group>

          <Block title={t('statusesTitle')} hint={t('statusesHint')}>
            <Accordion variant="separated" radius="md" chevronPosition="right" multiple defaultValue={['shipping']}>
              {NOTICE_STATUSES.map((s) => {
                const st = draft.statuses[s];
                const set = (next: Partial<typeof st>) => patch({ statuses: { ...draft.statuses, [s]: { ...st, ...next } } });
                return (
                  <Accordion.Item key={s} value={s}>
                    <Group wrap="nowrap" gap="xs" pl="md">
                      <Switch
                        checked={st.enabled}
                        disabled={locked || !draft.enabled}
                        onChange={(e) => set({ enabled: e.currentTarget.checked })}
                        aria-label={t(`status.${s}`)}
                      />
                      <Accordion.Control>
                        <Group gap="xs" wrap="nowrap">
                          <Text fw={600} size="sm">
                            {t(`status.${s}`)}
                          </Text>
                          <Badge size="xs" variant="light" color={st.enabled && draft.enabled ? 'teal' : 'gray'}>
                            {st.enabled && draft.enabled ? t('on') : t('off')}
                          </Badge>
                        </Group>
                      </Accordion.Control>
                    </Group>
                    <Accordion.Panel>
                      <TemplateEditor status={s} value={st.templates} onChange={(templates) => set({ templates })} disabled={locked} />
                    </Accordion.Panel>
                  </Accordion.Item>
                );
              })}
            </Accordion>
          </Block>

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Block title={t('quietTitle')} hint={t('quietHint')}>
              <Stack gap="sm">
                <Switch
                  checked={draft.quietHours.enabled}
                  disabled={locked}
                  onChange={(e) => patch({ quietHours: { ...draft.quietHours, enabled: e.currentTarget.checked } })}
                  label={t('quietEnabled')}
                />
                <Group grow gap="sm">
                  <TextInput
                    type="time"
                    label={t('quietFrom')}
                    value={draft.quietHours.start}
                    disabled={locked || !draft.quietHours.enabled}
                    onChange={(e) => e.currentTarget.value && patch({ quietHours: { ...draft.quietHours, start: e.currentTarget.value.slice(0, 5) } })}
                  />
                  <TextInput
                    type="time"
                    label={t('quietTo')}
                    value={draft.quietHours.end}
                    disabled={locked || !draft.quietHours.enabled}
                    onChange={(e) => e.currentTarget.value && patch({ quietHours: { ...draft.quietHours, end: e.currentTarget.value.slice(0, 5) } })}
                  />
                </Group>
                <NumberInput
                  label={t('maxAge')}
                  description={t('maxAgeHint')}
                  min={1}
                  max={720}
                  value={draft.maxAgeHours}
                  disabled={locked}
                  onChange={(v) => typeof v === 'number' && patch({ maxAgeHours: Math.max(1, Math.min(720, Math.round(v))) })}
                />
              </Stack>
            </Block>
            <Block title={t('surveyTitle')} hint={t('surveyHint')}>
              <Stack gap="sm">
                <Switch checked={draft.survey.enabled} disabled={locked} onChange={(e) => patch({ survey: { ...draft.survey, enabled: e.currentTarget.checked } })} label={t('surveyEnabled')} />
                <Group grow gap="sm" align="flex-start">
                  <NumberInput
                    label={t('surveyDays')}
                    min={1}
                    max={60}
                    value={draft.survey.days}
                    disabled={locked || !draft.survey.enabled}
                    onChange={(v) => typeof v === 'number' && patch({ survey: { ...draft.survey, days: Math.max(1, Math.min(60, Math.round(v))) } })}
                  />
                  <Select
                    label={t('surveyType')}
                    value={draft.survey.type}
                    disabled={locked || !draft.survey.enabled}
                    allowDeselect={false}
                    onChange={(v) => v && patch({ survey: { ...draft.survey, type: v as NoticeSettings['survey']['type'] } })}
                    data={(['csat', 'nps', 'ces'] as const).map((v) => ({ value: v, label: t(`survey.${v}`) }))}
                  />
                </Group>
              </Stack>
            </Block>
          </SimpleGrid>

          <Block title={t('logTitle')}>
            <NoticeLog />
          </Block>
        </Stack>
      )}
    </SettingsSection>
  );
}
