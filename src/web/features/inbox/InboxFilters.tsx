import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../../shared/common';
import { INBOX_SLA_STATES } from '../../../shared/tickets';
import { useTeams, useUsers } from '../../lib/directory';
import { useSearchText } from '../../lib/useSearchText';
import type { useInboxFilters } from './useInboxFilters';
import { AboutOrderFilter } from './AboutOrderFilter';
import { SentimentFilter, UpsetCustomersChip } from './SentimentFilter';

/**
 * Search, then the filters agents use most (status, assignee, SLA state); priority, channel, team and
 * tag behind "Thêm bộ lọc" unless one of them is set. Each is a field of the URL.
 */
export function InboxFilters({ filters, knownTags }: { filters: ReturnType<typeof useInboxFilters>; knownTags: string[] }) {
  const { t } = useTranslation(['inbox', 'inboxList', 'common']);
  const teams = useTeams();
  const users = useUsers();
  const { query, set, clear, filtered } = filters;
  // On a phone every select waits behind the toggle, so the list starts right under the search.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const primarySet = !!(query.status || query.assigneeId || query.sla);
  const secondarySet = !!(query.priority || query.channel || query.teamId || query.tag || query.aboutOrder || (query.sentiment && query.sentiment !== 'negative')) || (phone && primarySet);
  const [more, setMore] = useState(false);
  const open = more || secondarySet;
  const common = { size: 'sm' as const, clearable: true, w: { base: 'calc(50% - 6px)', xs: 170 }, comboboxProps: { withinPortal: true } };
  // The text search waits for a pause in typing before it changes the URL (and the query).
  const [text, setText] = useSearchText(query.q ?? '', (q) => set('q', q || null), 300);
  const tags = [...new Set([...knownTags, ...(query.tag ? [query.tag] : [])])].sort((a, b) => a.localeCompare(b, 'vi'));
  return (
    <Group gap="sm" wrap="wrap" data-testid="inbox-filters">
      <TextInput
        size="sm"
        w={{ base: '100%', xs: 280 }}
        leftSection={<IconSearch size={16} />}
        placeholder={t('filters.search')}
        aria-label={t('filters.search')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="inbox-search"
      />
      <UpsetCustomersChip value={query.sentiment} onChange={(v) => set('sentiment', v)} />
      {(!phone || open) && (
        <>
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
        aria-label={t('inboxList:filters.assignee')}
        placeholder={t('inboxList:filters.assignee')}
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={query.assigneeId ?? null}
        onChange={(v) => set('assignee', v)}
        searchable
        data-testid="filter-assignee"
      />
      <Select
        {...common}
        aria-label={t('inboxList:filters.sla')}
        placeholder={t('inboxList:filters.sla')}
        data={INBOX_SLA_STATES.map((s) => ({ value: s, label: t(`inboxList:filters.slaStates.${s}`) }))}
        value={query.sla ?? null}
        onChange={(v) => set('sla', v)}
        data-testid="filter-sla"
      />
        </>
      )}
      {open && (
        <>
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
          <Select
            {...common}
            aria-label={t('inboxList:filters.tag')}
            placeholder={t('inboxList:filters.tag')}
            data={tags}
            value={query.tag ?? null}
            onChange={(v) => set('tag', v)}
            searchable
            nothingFoundMessage={t('inboxList:filters.noTags')}
            data-testid="filter-tag"
          />
          <AboutOrderFilter {...common} value={query.aboutOrder ?? null} onChange={(v) => set('aboutOrder', v)} />
          <SentimentFilter {...common} value={query.sentiment && !query.sentiment.includes(',') ? query.sentiment : null} onChange={(v) => set('sentiment', v)} />
        </>
      )}
      {!secondarySet && (
        <Button variant="subtle" size="sm" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setMore((m) => !m)}>
          {t(more ? 'inboxList:filters.less' : 'inboxList:filters.more')}
        </Button>
      )}
      {filtered && (
        <Button variant="subtle" color="gray" size="sm" leftSection={<IconFilterOff size={16} />} onClick={clear}>
          {t('filters.clear')}
        </Button>
      )}
    </Group>
  );
}
