import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../../shared/common';
import { useTeams } from '../../lib/directory';
import { useSearchText } from '../../lib/useSearchText';
import type { useInboxFilters } from './useInboxFilters';

/** Status, priority, channel and team filters of the inbox. */
export function InboxFilters({ filters }: { filters: ReturnType<typeof useInboxFilters> }) {
  const { t } = useTranslation(['inbox', 'common']);
  const teams = useTeams();
  const { query, set, clear, filtered } = filters;
  const common = { size: 'sm' as const, clearable: true, w: 170, comboboxProps: { withinPortal: true } };
  // The text search waits for a pause in typing before it changes the URL (and the query).
  const [text, setText] = useSearchText(query.q ?? '', (q) => set('q', q || null), 300);
  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        size="sm"
        w={280}
        leftSection={<IconSearch size={16} />}
        placeholder={t('filters.search')}
        aria-label={t('filters.search')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="inbox-search"
      />
      <Select
        {...common}
        aria-label={t('filters.status')}
        placeholder={t('filters.statusOpen')}
        data={[{ value: 'all', label: t('filters.statusAll') }, ...TICKET_STATUSES.map((s) => ({ value: s, label: t(`common:status.${s}`) }))]}
        value={query.status ?? null}
        onChange={(v) => set('status', v)}
        data-testid="filter-status"
      />
      <Select
        {...common}
        aria-label={t('filters.priority')}
        placeholder={t('filters.priority')}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`common:priority.${p}`) }))}
        value={query.priority ?? null}
        onChange={(v) => set('priority', v)}
      />
      <Select
        {...common}
        aria-label={t('filters.channel')}
        placeholder={t('filters.channel')}
        data={CHANNELS.map((c) => ({ value: c, label: t(`common:channel.${c}`) }))}
        value={query.channel ?? null}
        onChange={(v) => set('channel', v)}
      />
      <Select
        {...common}
        aria-label={t('filters.team')}
        placeholder={t('filters.team')}
        data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
        value={query.teamId ?? null}
        onChange={(v) => set('team', v)}
        searchable
        nothingFoundMessage={t('filters.noTeams')}
      />
      {filtered && (
        <Button variant="subtle" color="gray" size="sm" leftSection={<IconFilterOff size={16} />} onClick={clear}>
          {t('filters.clear')}
        </Button>
      )}
    </Group>
  );
}
