import { Badge, Box, Button, Code, Group, Paper, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconDownload, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTOR_TYPES, AUDIT_FILTER_KINDS, type AuditEntry, type AuditPage } from '../../../shared/audit';
import { PageError } from '../../components/PageError';
import { api, apiUrl } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { VnDatesProvider } from '../settings/hours/VnDatesProvider';

const KIND_COLOR: Record<string, string> = { settings: 'blue', users: 'grape', tokens: 'orange', channels: 'cyan', workflows: 'violet', merges: 'teal', exports: 'yellow', webhooks: 'indigo' };

interface Filters {
  kind: string | null;
  actorType: string | null;
  from: string | null;
  to: string | null;
  q: string;
}

/** Settings → Audit log: who changed what and when, filtered by kind, actor, days and words; paged; CSV export. */
export function AuditLogSettings() {
  const { t } = useTranslation('audit');
  const [f, setF] = useState<Filters>({ kind: null, actorType: null, from: null, to: null, q: '' });
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages[pages.length - 1];
  const query: Record<string, string> = {};
  if (f.kind) query.kind = f.kind;
  if (f.actorType) query.actorType = f.actorType;
  if (f.from) query.from = f.from;
  if (f.to) query.to = f.to;
  if (f.q.trim()) query.q = f.q.trim();
  const list = useQuery({
    queryKey: ['audit', query, before],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<AuditPage>('/audit', { signal, query: { ...query, ...(before ? { before } : {}) } }),
  });
  const update = (patch: Partial<Filters>) => {
    setF((cur) => ({ ...cur, ...patch }));
    setPages([null]);
  };

  return (
    <Box maw={1200}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div style={{ flex: '1 1 320px' }}>
            <Title order={2}>{t('title')}</Title>
            <Text size="sm" c="dimmed">
              {t('subtitle')}
            </Text>
          </div>
          <Button component="a" href={apiUrl('/audit/export.csv', query)} variant="default" leftSection={<IconDownload size={16} />} data-testid="audit-export">
            {t('export')}
          </Button>
        </Group>
        <Paper p="sm" radius="md" withBorder>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={t('filter.kind')}
              placeholder={t('filter.all')}
              clearable
              w={{ base: '100%', xs: 180 }}
              value={f.kind}
              onChange={(v) => update({ kind: v })}
              data={AUDIT_FILTER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
            <Select
              label={t('filter.actor')}
              placeholder={t('filter.all')}
              clearable
              w={{ base: '100%', xs: 170 }}
              value={f.actorType}
              onChange={(v) => update({ actorType: v })}
              data={AUDIT_ACTOR_TYPES.map((k) => ({ value: k, label: t(`actor.${k}`) }))}
            />
            <VnDatesProvider>
              <DatePickerInput
                type="range"
                label={t('filter.dates')}
                placeholder="dd/mm/yyyy – dd/mm/yyyy"
                valueFormat="DD/MM/YYYY"
                clearable
                w={{ base: '100%', xs: 250 }}
                value={[f.from, f.to]}
                onChange={([a, b]) => update({ from: a ? String(a).slice(0, 10) : null, to: b ? String(b).slice(0, 10) : a ? String(a).slice(0, 10) : null })}
                leftSection={<IconCalendar size={16} />}
                maxDate={new Date()}
              />
            </VnDatesProvider>
            <TextInput label={t('filter.text')} placeholder={t('filter.textHint')} leftSection={<IconSearch size={16} />} value={f.q} onChange={(e) => update({ q: e.currentTarget.value })} style={{ flex: '1 1 200px' }} />
          </Group>
        </Paper>
        {list.isError ? (
          <PageError error={list.error} />
        ) : list.isPending ? (
          <Skeleton h={240} />
        ) : list.data.items.length === 0 ? (
          <Paper p="xl" withBorder radius="md">
            <Text c="dimmed" ta="center">
              {t('none')}
            </Text>
          </Paper>
        ) : (
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('col.time')}</Table.Th>
                    <Table.Th>{t('col.actor')}</Table.Th>
                    <Table.Th>{t('col.action')}</Table.Th>
                    <Table.Th>{t('col.target')}</Table.Th>
                    <Table.Th>{t('col.changes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((r) => (
                    <AuditRow key={r.id} r={r} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        <Group justify="space-between">
          <Button variant="default" size="xs" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
            {t('newer')}
          </Button>
          <Button variant="default" size="xs" disabled={!list.data?.nextBefore} onClick={() => setPages((p) => [...p, list.data?.nextBefore ?? null])}>
            {t('older')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

function AuditRow({ r }: { r: AuditEntry }) {
  const { t } = useTranslation('audit');
  const actor = r.actor.type === 'automation' ? t('automation', { name: r.actor.name ?? '' }) : r.actor.name || t(`actor.${r.actor.type}`);
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</Table.Td>
      <Table.Td>
        <Text size="sm">{actor}</Text>
        {r.ip && (
          <Text size="xs" c="dimmed">
            {r.ip}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={KIND_COLOR[r.kind] ?? 'gray'} variant="light" mb={4}>
          {t(`kind.${r.kind}`)}
        </Badge>
        <Text size="sm">{t(`action.${r.action.replace('.', '_')}`, { defaultValue: r.action })}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{r.target.label ?? r.target.type}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {r.target.type}
        </Text>
      </Table.Td>
      <Table.Td maw={360}>
        <Changes changes={r.changes} />
      </Table.Td>
    </Table.Tr>
  );
}

/** {field: {from, to}} lines when the change has them, else its details in short. */
function Changes({ changes }: { changes: Record<string, unknown> }) {
  const diff = (changes.changes && typeof changes.changes === 'object' ? changes.changes : null) as Record<string, unknown> | null;
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (diff) {
    return (
      <Stack gap={2}>
        {Object.entries(diff).map(([k, v]) => (
          <Text key={k} size="xs" style={{ wordBreak: 'break-word' }}>
            <b>{k}</b>: {v && typeof v === 'object' && 'from' in v ? `${show((v as { from: unknown; to: unknown }).from)} → ${show((v as { from: unknown; to: unknown }).to)}` : show(v)}
          </Text>
        ))}
      </Stack>
    );
  }
  const text = JSON.stringify(changes);
  return text === '{}' ? null : (
    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 11 }} display="block">
      {text.length > 240 ? `${text.slice(0, 240)}…` : text}
    </Code>
  );
}
