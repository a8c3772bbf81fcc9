import { Alert, Badge, Button, Group, Paper, SegmentedControl, Slider, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AiFieldSettings, AiMode } from '../../../shared/ai';
import { PageError } from '../../components/PageError';
import { formatDateTime } from '../../lib/format';
import { SettingsSection } from '../settings/SettingsSection';
import { useRole } from '../settings/useRole';
import { useAiSettings, useSaveAiField, useTrainNow } from './aiApi';

const pct = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 100)}%`);

/** One field: mode, auto-apply confidence, training status and the per-class report. */
function FieldCard({ f, canEdit, minPerClass }: { f: AiFieldSettings; canEdit: boolean; minPerClass: number }) {
  const { t } = useTranslation('ai');
  const save = useSaveAiField();
  const [threshold, setThreshold] = useState(f.threshold);
  const apply = (mode: AiMode, th = threshold) =>
    save.mutate({ field: f.field, mode, threshold: th }, { onError: (e) => notifications.show({ color: 'red', message: e.message }) });
  const m = f.model;
  return (
    <Paper withBorder radius="md" p="md" data-testid={`ai-field-${f.field}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={4}>{t(`field.${f.field}`)}</Title>
            {m && (f.coldStart ? <Badge color="yellow" variant="light">{t('coldStart')}</Badge> : <Badge color="teal" variant="light">{t('ready')}</Badge>)}
          </Group>
          <SegmentedControl
            size="xs"
            value={f.mode}
            disabled={!canEdit || save.isPending}
            onChange={(v) => apply(v as AiMode)}
            data={(['off', 'suggest', 'auto'] as const).map((v) => ({ value: v, label: t(`mode.${v}`) }))}
          />
        </Group>
        {f.mode === 'auto' && (
          <Stack gap={4}>
            <Text size="sm">{t('threshold', { value: pct(threshold) })}</Text>
            <Slider
              min={0.3}
              max={1}
              step={0.05}
              value={threshold}
              disabled={!canEdit}
              onChange={setThreshold}
              onChangeEnd={(v) => apply('auto', v)}
              label={(v) => pct(v)}
              maw={420}
            />
          </Stack>
        )}
        <Text size="sm" c="dimmed">
          {m
            ? t('trainedAt', { when: formatDateTime(m.trainedAt), examples: m.examples, accuracy: pct(m.accuracy), folds: m.folds })
            : f.lastAttempt
              ? t('notTrained', { examples: f.lastAttempt.examples, when: formatDateTime(f.lastAttempt.attemptedAt) })
              : t('neverTrained')}
        </Text>
        {m && f.coldStart && <Text size="sm" c="yellow.8">{t('coldStartHint', { n: minPerClass })}</Text>}
        {m && m.classes.length > 0 && (
          <div style={{ overflowX: 'auto' }}>
            <Table striped withTableBorder fz="sm" miw={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('table.class')}</Table.Th>
                  <Table.Th ta="right">{t('table.precision')}</Table.Th>
                  <Table.Th ta="right">{t('table.recall')}</Table.Th>
                  <Table.Th ta="right">F1</Table.Th>
                  <Table.Th ta="right">{t('table.count')}</Table.Th>
                  <Table.Th>{t('table.autoApply')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.classes.map((c) => (
                  <Table.Tr key={c.label}>
                    <Table.Td>{f.field === 'priority' ? t(`common:priority.${c.label}`, { defaultValue: c.label }) : (c.name ?? c.label)}</Table.Td>
                    <Table.Td ta="right">{pct(c.precision)}</Table.Td>
                    <Table.Td ta="right">{pct(c.recall)}</Table.Td>
                    <Table.Td ta="right">{pct(c.f1)}</Table.Td>
                    <Table.Td ta="right">{c.support}</Table.Td>
                    <Table.Td>{c.ready ? <Badge size="xs" color="teal" variant="light">{t('classReady')}</Badge> : <Badge size="xs" color="gray" variant="light">{t('classNeeds', { n: minPerClass - c.support })}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

/** Settings → AI: classification and sentiment, per field off / suggest / auto-apply. */
export function AiSettings() {
  const { t } = useTranslation('ai');
  const { isAdmin } = useRole();
  const q = useAiSettings();
  const train = useTrainNow();
  const s = q.data;
  return (
    <SettingsSection
      title={t('title')}
      description={t('description')}
      readOnlyNotice={!isAdmin && t('adminOnly')}
      actions={
        isAdmin && (
          <Button
            leftSection={<IconRefresh size={16} />}
            loading={train.isPending || s?.training}
            onClick={() => train.mutate(undefined, { onSuccess: () => notifications.show({ color: 'teal', message: t('trainQueued') }) })}
          >
            {t('trainNow')}
          </Button>
        )
      }
    >
      {q.isError ? (
        <PageError error={q.error} />
      ) : !s ? null : (
        <Stack gap="md">
          <Alert variant="light" color="blue">{t('howItWorks')}</Alert>
          {s.fields.map((f) => (
            <FieldCard key={`${f.field}:${f.mode}:${f.threshold}`} f={f} canEdit={isAdmin} minPerClass={s.coldStartMinPerClass} />
          ))}
          <Paper withBorder radius="md" p="md">
            <Title order={4}>{t('sentiment.title')}</Title>
            <Text size="sm" c="dimmed" mt={4}>
              {s.sentiment.source === 'workspace' && s.sentiment.model
                ? t('sentiment.workspace', { examples: s.sentiment.model.examples, f1: pct(s.sentiment.model.macroF1), when: formatDateTime(s.sentiment.model.trainedAt) })
                : t('sentiment.default')}
            </Text>
          </Paper>
        </Stack>
      )}
    </SettingsSection>
  );
}
